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
 * rendering against a raw FFmpeg encode of the same frames. Timed figures are medians of several runs in which ours
 * and the peer alternate. Prints {@code name, ours, peer, ratio, unit} lines. Run from {@code generation-gateway}
 * after {@code ./mvnw -o -B -pl generation-gateway test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt} (from the repository root):
 * {@code flock /tmp/clipizy-build.lock java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.clipizy.gateway.local.bench.LocalEngineBench [--smoke]}.
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
            int repeats = smoke ? 1 : 5;
            BenchSongs.Song song = BenchSongs.band(128, seconds);
            Path wav = dir.resolve("song.wav");
            WavWriter.write(wav, song.samples(), 1, BenchSongs.RATE);
            // the usual upload: an MP3 at 44.1 kHz stereo, which the decoder also resamples and downmixes
            Path mp3 = dir.resolve("song.mp3");
            engine.ffmpeg().run(List.of("-i", wav.toString(), "-ar", "44100", "-ac", "2", "-c:a", "libmp3lame",
                    "-b:a", "192k", mp3.toString()), seconds, Cancellation.create(), ProgressListener.NONE);
            boolean aubio = aubioAvailable();

            AudioAnalyzer analyzer = new AudioAnalyzer();
            for (int i = 0; i < 2; i++) {
                analyzer.analyze(song.samples(), Cancellation.create());
                engine.analyzeAudio(wav, Cancellation.create(), ProgressListener.NONE);
            }
            List<Double> dspTimes = new ArrayList<>();
            AudioAnalysis dsp = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                dsp = analyzer.analyze(song.samples(), Cancellation.create());
                dspTimes.add((System.nanoTime() - t0) / 1e9);
            }
            line(lines, out, "P1 analysis real-time factor (DSP only; one thread; median of " + repeats + ")",
                    seconds / median(dspTimes), Double.NaN, "x");
            List<Double> aubioBeats = List.of();
            for (Path file : List.of(wav, mp3)) {
                // ours and aubio alternate, so a change in the machine's load hits both alike
                List<Double> ours = new ArrayList<>();
                List<Double> beat = new ArrayList<>();
                List<Double> both = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    engine.analyzeAudio(file, Cancellation.create(), ProgressListener.NONE);
                    ours.add((System.nanoTime() - t0) / 1e9);
                    if (aubio) {
                        t0 = System.nanoTime();
                        List<Double> beats = aubioTimes("beat", file);
                        double beatSeconds = (System.nanoTime() - t0) / 1e9;
                        t0 = System.nanoTime();
                        aubioTimes("tempo", file);
                        beat.add(beatSeconds);
                        both.add(beatSeconds + (System.nanoTime() - t0) / 1e9);
                        if (file == wav) {
                            aubioBeats = beats;
                        }
                    }
                }
                String kind = file == wav ? "WAV 22.05 kHz mono" : "MP3 44.1 kHz stereo";
                double oursFactor = seconds / median(ours);
                line(lines, out, "P1 analysis real-time factor incl. decode (" + kind + "; median of " + repeats
                        + ") vs aubio beat+tempo", oursFactor, aubio ? seconds / median(both) : Double.NaN, "x");
                line(lines, out, "P1 analysis real-time factor incl. decode (" + kind + "; median of " + repeats
                        + ") vs aubio beat alone", oursFactor, aubio ? seconds / median(beat) : Double.NaN, "x");
            }

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

            renderBench(engine, dir, wav, seconds, smoke ? 1 : 3, smoke, lines, out);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return lines;
    }

    /**
     * Our render of a one-picture timeline against the same composition done by hand in one raw ffmpeg command: the
     * picture scaled and converted to yuv420p once, repeated to the length, encoded with the same x264 preset and
     * CRF, with the same sound (AAC 192 kb/s, 48 kHz stereo) and the same MP4 options. The two alternate
     * {@code repeats} times and the medians are compared.
     */
    private static void renderBench(LocalEngine engine, Path dir, Path wav, double seconds, int repeats, boolean smoke,
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
        int width = Timeline.Aspect.LANDSCAPE.width(resolution);
        int height = Timeline.Aspect.LANDSCAPE.height(resolution);
        long frames = Math.round(seconds * 30);
        List<String> raw = List.of("-i", png.toString(), "-i", wav.toString(), "-filter_complex",
                "[0:v]scale=" + width + ":" + height + ",format=yuv420p,loop=loop=" + (frames - 1)
                        + ":size=1,setpts=N/30/TB[v]", "-map", "[v]", "-map", "1:a", "-c:v", "libx264",
                "-preset", "veryfast", "-crf", "20", "-r", "30", "-frames:v", String.valueOf(frames), "-c:a", "aac",
                "-b:a", "192k", "-ar", "48000", "-ac", "2", "-t", String.valueOf(seconds), "-movflags", "+faststart",
                dir.resolve("raw.mp4").toString());
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            engine.render(timeline, assets, dir.resolve("ours.mp4"), ProgressListener.NONE).result()
                    .toCompletableFuture().join();
            ours.add((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            engine.ffmpeg().run(raw, seconds, Cancellation.create(), ProgressListener.NONE);
            peer.add((System.nanoTime() - t0) / 1e9);
        }
        String label = "P4 render " + height + "p30 looped-static real-time factor vs raw ffmpeg (median of "
                + repeats + " alternating)";
        line(lines, out, label, seconds / median(ours), seconds / median(peer), "x");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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
