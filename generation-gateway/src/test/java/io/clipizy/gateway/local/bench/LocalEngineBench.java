package io.clipizy.gateway.local.bench;

import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.audio.AudioAnalyzer;
import io.clipizy.gateway.local.audio.BenchSongs;
import io.clipizy.gateway.local.audio.WavWriter;
import io.clipizy.gateway.local.render.AssetResolver;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * PERFORMANCE.md P1-P4 for the local engine, each figure beside its peer from the same run: analysis speed and beat
 * accuracy against {@code aubio beat}/{@code aubio tempo} (Debian aubio-tools, when installed), section hit rate, and
 * rendering against a raw FFmpeg encode of the same frames. Prints {@code name, ours, peer, ratio, unit} lines.
 * Run: {@code java -cp ... io.clipizy.gateway.local.bench.LocalEngineBench [--smoke]}.
 */
public final class LocalEngineBench {
    private LocalEngineBench() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 && args[0].equals("--smoke"), System.out);
    }

    /** Runs the benchmarks (the smoke mode on seconds of media instead of minutes) and prints their table. */
    public static List<String> run(boolean smoke, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("clipizy-bench");
        List<String> lines = new ArrayList<>();
        out.println("name, ours, peer, ratio, unit");
        try (LocalEngine engine = new LocalEngine(EngineFixture.config(dir))) {
            double seconds = smoke ? 12 : 180;
            BenchSongs.Song song = BenchSongs.band(128, seconds);
            Path wav = dir.resolve("song.wav");
            WavWriter.write(wav, song.samples(), 1, BenchSongs.RATE);
            boolean aubio = aubioAvailable();

            AudioAnalyzer analyzer = new AudioAnalyzer();
            analyzer.analyze(song.samples(), Cancellation.create());
            long t0 = System.nanoTime();
            AudioAnalysis dsp = analyzer.analyze(song.samples(), Cancellation.create());
            double dspSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            engine.analyzeAudio(wav, Cancellation.create(), ProgressListener.NONE);
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            double aubioSeconds = Double.NaN;
            List<Double> aubioBeats = List.of();
            if (aubio) {
                t0 = System.nanoTime();
                aubioBeats = aubioTimes("beat", wav);
                aubioTimes("tempo", wav);
                aubioSeconds = (System.nanoTime() - t0) / 1e9;
            }
            line(lines, out, "P1 analysis real-time factor (DSP only)", seconds / dspSeconds, Double.NaN, "x");
            line(lines, out, "P1 analysis real-time factor incl. decode vs aubio beat+tempo", seconds / fullSeconds,
                    seconds / aubioSeconds, "x");

            List<Double> ours = new ArrayList<>();
            List<Double> peer = new ArrayList<>();
            double worstTempoError = 0;
            for (BenchSongs.Song item : BenchSongs.accuracySet(smoke)) {
                AudioAnalysis a = analyzer.analyze(item.samples(), Cancellation.create());
                ours.add(BenchSongs.fMeasure(item.beats(), a.beatTimesSec()));
                if (item.steady()) {
                    worstTempoError = Math.max(worstTempoError, Math.abs(a.tempo() - item.bpm()));
                }
                if (aubio) {
                    Path file = dir.resolve("item.wav");
                    WavWriter.write(file, item.samples(), 1, BenchSongs.RATE);
                    peer.add(BenchSongs.fMeasure(item.beats(), aubioTimes("beat", file)));
                }
            }
            line(lines, out, "P2 mean beat F-measure (+-70 ms) on " + ours.size() + " synthesized tracks", mean(ours),
                    aubio ? mean(peer) : Double.NaN, "F");
            line(lines, out, "P2 worst tempo error on steady tracks", worstTempoError, Double.NaN, "BPM");
            if (aubio) {
                line(lines, out, "P2 beat F-measure of the full-length song", BenchSongs.fMeasure(song.beats(),
                        dsp.beatTimesSec()), BenchSongs.fMeasure(song.beats(), aubioBeats), "F");
            }
            BenchSongs.Song sections = BenchSongs.sections(smoke);
            AudioAnalysis s = analyzer.analyze(sections.samples(), Cancellation.create());
            line(lines, out, "P3 section boundary hit rate (+-0.5 s)", BenchSongs.hitRate(sections.sectionStarts(),
                    s.sections().stream().map(AudioAnalysis.Section::startTime).toList()), Double.NaN, "share");

            renderBench(engine, dir, wav, seconds, smoke, lines, out);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return lines;
    }

    private static void renderBench(LocalEngine engine, Path dir, Path wav, double seconds, boolean smoke,
                                    List<String> lines, PrintStream out) throws Exception {
        BufferedImage image = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.MAGENTA, 1920, 1080, Color.CYAN));
        g.fillRect(0, 0, 1920, 1080);
        g.dispose();
        Path png = dir.resolve("scene.png");
        ImageIO.write(image, "png", png.toFile());
        Timeline.Resolution resolution = smoke ? Timeline.Resolution.P720 : Timeline.Resolution.P1080;
        Timeline timeline = new Timeline(resolution, Timeline.Aspect.LANDSCAPE, 30, seconds, "veryfast", 20,
                new Timeline.AudioTrack("song.wav", null, null, null, null, null),
                List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "scene.png", null, null), 0.0,
                        seconds, null, null, null)), null);
        AssetResolver assets = AssetResolver.of(Map.of("scene.png", png, "song.wav", wav));
        long t0 = System.nanoTime();
        engine.render(timeline, assets, dir.resolve("ours.mp4"), ProgressListener.NONE).result().toCompletableFuture().join();
        double ours = (System.nanoTime() - t0) / 1e9;
        int width = Timeline.Aspect.LANDSCAPE.width(resolution);
        int height = Timeline.Aspect.LANDSCAPE.height(resolution);
        t0 = System.nanoTime();
        engine.ffmpeg().run(List.of("-i", png.toString(), "-i", wav.toString(), "-filter_complex",
                "[0:v]scale=" + width + ":" + height + ",loop=loop=" + (Math.round(seconds * 30) - 1)
                        + ":size=1,setpts=N/30/TB,format=yuv420p[v]", "-map", "[v]", "-map", "1:a", "-c:v", "libx264",
                "-preset", "veryfast", "-crf", "20", "-r", "30", "-c:a", "aac", "-b:a", "192k",
                "-frames:v", String.valueOf(Math.round(seconds * 30)), dir.resolve("raw.mp4").toString()),
                seconds, Cancellation.create(), ProgressListener.NONE);
        double raw = (System.nanoTime() - t0) / 1e9;
        String label = "P4 render " + height + "p30 looped-static real-time factor vs raw ffmpeg";
        line(lines, out, label, seconds / ours, seconds / raw, "x");
    }

    private static boolean aubioAvailable() {
        try {
            Process p = new ProcessBuilder("aubio", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<Double> aubioTimes(String command, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("aubio", command, file.toString()).redirectErrorStream(false).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        List<Double> times = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String token = line.trim().split("\\s+")[0];
            try {
                times.add(Double.parseDouble(token));
            } catch (NumberFormatException ignored) {
                // "120.0 bpm" style lines of aubio tempo and blank lines
            }
        }
        return times;
    }

    private static void line(List<String> lines, PrintStream out, String name, double ours, double peer,
                             String unit) {
        String line = String.format(java.util.Locale.ROOT, "%s, %.3f, %s, %s, %s", name, ours,
                Double.isNaN(peer) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", peer),
                Double.isNaN(peer) || peer == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", ours / peer),
                unit);
        lines.add(line);
        out.println(line);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
