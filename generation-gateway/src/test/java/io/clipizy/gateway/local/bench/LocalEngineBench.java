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
import java.util.LinkedHashMap;
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
                        aubioTimes("beat", file);
                        double beatSeconds = (System.nanoTime() - t0) / 1e9;
                        t0 = System.nanoTime();
                        aubioTimes("tempo", file);
                        beat.add(beatSeconds);
                        both.add(beatSeconds + (System.nanoTime() - t0) / 1e9);
                    }
                }
                String kind = file == wav ? "WAV 22.05 kHz mono" : "MP3 44.1 kHz stereo";
                double oursFactor = seconds / median(ours);
                line(lines, out, "P1 analysis real-time factor incl. decode (" + kind + "; median of " + repeats
                        + ") vs aubio beat+tempo", oursFactor, aubio ? seconds / median(both) : Double.NaN, "x");
                line(lines, out, "P1 analysis real-time factor incl. decode (" + kind + "; median of " + repeats
                        + ") vs aubio beat alone", oursFactor, aubio ? seconds / median(beat) : Double.NaN, "x");
            }

            accuracy(analyzer, dir, aubio, smoke, song, dsp, wav, lines, out);
            BenchSongs.Song sections = BenchSongs.sections(smoke);
            AudioAnalysis s = analyzer.analyze(sections.samples(), Cancellation.create());
            line(lines, out, "P3 section boundary hit rate (+-0.5 s)", BenchSongs.hitRate(sections.sectionStarts(),
                    s.sections().stream().map(AudioAnalysis.Section::startTime).toList()), Double.NaN, "share");

            renderBench(engine, dir, wav, seconds, smoke ? 1 : 3, smoke, lines, out);
            scenesBench(engine, dir, wav, seconds, smoke ? 1 : 3, smoke, lines, out);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return lines;
    }

    /**
     * P2: beat F-measure and tempo error on the synthesized ground-truth set, ours and aubio's on the same files, for
     * the whole set and for each file class (PERFORMANCE.md asks never to be worse than aubio on any class), then
     * the full-length song and the worst tempo error on steady tracks.
     */
    private static void accuracy(AudioAnalyzer analyzer, Path dir, boolean aubio, boolean smoke, BenchSongs.Song song,
                                 AudioAnalysis dsp, Path songWav, List<String> lines, PrintStream out)
            throws Exception {
        Map<String, List<double[]>> byKind = new LinkedHashMap<>();
        for (String kind : BenchSongs.KINDS) {
            byKind.put(kind, new ArrayList<>());
        }
        double worstTempoError = 0;
        for (BenchSongs.Song item : BenchSongs.accuracySet(smoke)) {
            AudioAnalysis a = analyzer.analyze(item.samples(), Cancellation.create());
            double[] row = {BenchSongs.fMeasure(item.beats(), a.beatTimesSec()), item.tempoError(a.tempo()),
                    Double.NaN, Double.NaN};
            if (item.steady()) {
                worstTempoError = Math.max(worstTempoError, row[1]);
            }
            if (aubio) {
                Path file = dir.resolve("item.wav");
                WavWriter.write(file, item.samples(), 1, BenchSongs.RATE);
                row[2] = BenchSongs.fMeasure(item.beats(), aubioTimes("beat", file));
                row[3] = item.tempoError(aubioTempo(file));
            }
            byKind.get(item.kind()).add(row);
        }
        List<double[]> all = byKind.values().stream().flatMap(List::stream).toList();
        line(lines, out, "P2 mean beat F-measure (+-70 ms) on " + all.size() + " synthesized tracks",
                column(all, 0), aubio ? column(all, 2) : Double.NaN, "F");
        for (Map.Entry<String, List<double[]>> kind : byKind.entrySet()) {
            List<double[]> rows = kind.getValue();
            if (rows.isEmpty()) {
                continue;
            }
            String name = kind.getKey() + " (" + rows.size() + " tracks)";
            line(lines, out, "P2 class " + name + " mean beat F-measure", column(rows, 0),
                    aubio ? column(rows, 2) : Double.NaN, "F");
            line(lines, out, "P2 class " + name + " mean tempo error", column(rows, 1),
                    aubio ? column(rows, 3) : Double.NaN, "BPM");
        }
        line(lines, out, "P2 worst tempo error on steady tracks", worstTempoError, Double.NaN, "BPM");
        if (aubio) {
            line(lines, out, "P2 class full-length song (1 track) beat F-measure", BenchSongs.fMeasure(song.beats(),
                    dsp.beatTimesSec()), BenchSongs.fMeasure(song.beats(), aubioTimes("beat", songWav)), "F");
            line(lines, out, "P2 class full-length song (1 track) tempo error", song.tempoError(dsp.tempo()),
                    song.tempoError(aubioTempo(songWav)), "BPM");
        }
    }

    private static double column(List<double[]> rows, int index) {
        return rows.stream().mapToDouble(r -> r[index]).average().orElse(Double.NaN);
    }

    /** The tempo {@code aubio tempo} prints ("120.00 bpm"), or 0 when it finds none. */
    private static double aubioTempo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("aubio", "tempo", file.toString()).redirectErrorStream(false).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        for (String line : text.split("\\R")) {
            String[] tokens = line.trim().split("\\s+");
            if (tokens.length == 2 && tokens[1].equals("bpm")) {
                return Double.parseDouble(tokens[0]);
            }
        }
        return 0;
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

    /** Scenes of the recurring-scenes case: eight pictures, each shown in turn, over and over. */
    static final int SCENES = 8;
    static final double SCENE_SECONDS = 7.5;
    static final double CROSSFADE_SECONDS = 0.5;

    /**
     * P4's recurring-scenes case: eight pictures, each shown for 7.5 s in turn and then again (a 3-minute song has
     * 24 clips, every scene three times), joined by 0.5 s crossfades, with the song. The peer is the same composition
     * written by hand as one raw ffmpeg command, as an FFmpeg expert would: each picture decoded, fitted and converted
     * to yuv420p once and split to its three appearances, every clip looped to its length (the clip before a
     * crossfade lasts the crossfade longer, so the total is exact), the same xfade chain, the same x264 preset and
     * CRF, the same AAC sound and MP4 options. Ours builds the graph from the timeline and probes every input first.
     */
    private static void scenesBench(LocalEngine engine, Path dir, Path wav, double seconds, int repeats,
                                    boolean smoke, List<String> lines, PrintStream out) throws Exception {
        Timeline.Resolution resolution = smoke ? Timeline.Resolution.P720 : Timeline.Resolution.P1080;
        int width = Timeline.Aspect.LANDSCAPE.width(resolution);
        int height = Timeline.Aspect.LANDSCAPE.height(resolution);
        int fps = 30;
        double sceneSeconds = smoke ? 2 : SCENE_SECONDS;
        Map<String, Path> assetFiles = new LinkedHashMap<>();
        assetFiles.put("song.wav", wav);
        List<Path> pictures = new ArrayList<>();
        for (int p = 0; p < SCENES; p++) {
            BufferedImage image = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            Color from = Color.getHSBColor(p / (float) SCENES, 0.8f, 0.9f);
            Color to = Color.getHSBColor((p + 3) / (float) SCENES, 0.6f, 0.4f);
            g.setPaint(new GradientPaint(0, 0, from, 1920, 1080, to));
            g.fillRect(0, 0, 1920, 1080);
            g.setColor(Color.WHITE);
            g.fillOval(300 + 150 * p, 200 + 60 * p, 400, 400);
            g.dispose();
            Path png = dir.resolve("scene-" + p + ".png");
            ImageIO.write(image, "png", png.toFile());
            pictures.add(png);
            assetFiles.put("scene-" + p + ".png", png);
        }
        int clips = (int) Math.ceil(seconds / sceneSeconds - 1e-9);
        List<Timeline.Clip> timelineClips = new ArrayList<>();
        long totalFrames = Math.round(seconds * fps);
        int[] clipFrames = new int[clips];
        for (int k = 0; k < clips; k++) {
            double start = k * sceneSeconds;
            double duration = Math.min(sceneSeconds, seconds - start);
            timelineClips.add(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE,
                    "scene-" + (k % SCENES) + ".png", null, null), start, duration, null, null,
                    k == 0 ? null : new Timeline.Transition(Timeline.TransitionKind.CROSSFADE, CROSSFADE_SECONDS)));
            clipFrames[k] = (int) (Math.min(totalFrames, Math.round((start + duration) * fps))
                    - Math.round(start * fps));
        }
        Timeline timeline = new Timeline(resolution, Timeline.Aspect.LANDSCAPE, fps, seconds, "veryfast", 20,
                new Timeline.AudioTrack("song.wav", null, null, null, null, null), timelineClips, null);
        AssetResolver assets = AssetResolver.of(assetFiles);

        int crossfade = (int) Math.round(CROSSFADE_SECONDS * fps);
        StringBuilder graph = new StringBuilder();
        int[] uses = new int[SCENES];
        for (int k = 0; k < clips; k++) {
            uses[k % SCENES]++;
        }
        for (int p = 0; p < SCENES; p++) {
            if (uses[p] == 0) {
                continue;
            }
            graph.append(String.format(java.util.Locale.ROOT, "[%d:v]scale=%d:%d:force_original_aspect_ratio=increase,"
                    + "crop=%d:%d,setsar=1,format=yuv420p,split=%d", p, width, height, width, height, uses[p]));
            for (int k = p; k < clips; k += SCENES) {
                graph.append("[p").append(k).append(']');
            }
            graph.append(";\n");
        }
        for (int k = 0; k < clips; k++) {
            int frames = clipFrames[k] + (k + 1 < clips ? crossfade : 0);
            graph.append(String.format(java.util.Locale.ROOT, "[p%d]loop=loop=%d:size=1:start=0,settb=1/%d,setpts=N,"
                    + "fps=%d[c%d];\n", k, frames - 1, fps, fps, k));
        }
        String acc = "c0";
        long accFrames = clipFrames[0] + (clips > 1 ? crossfade : 0);
        for (int k = 1; k < clips; k++) {
            int length = clipFrames[k] + (k + 1 < clips ? crossfade : 0);
            double offset = (accFrames - crossfade) / (double) fps;
            graph.append(String.format(java.util.Locale.ROOT, "[%s][c%d]xfade=transition=fade:duration=%s:offset=%s"
                    + "[x%d];\n", acc, k, num(crossfade / (double) fps), num(offset), k));
            accFrames += length - crossfade;
            acc = "x" + k;
        }
        graph.append('[').append(acc).append("]trim=end_frame=").append(totalFrames).append(",format=yuv420p[v]");
        Path graphFile = dir.resolve("scenes-graph.txt");
        Files.writeString(graphFile, graph.toString());
        List<String> raw = new ArrayList<>();
        for (Path picture : pictures) {
            raw.addAll(List.of("-i", picture.toString()));
        }
        raw.addAll(List.of("-i", wav.toString(), "-/filter_complex", graphFile.toString(), "-map", "[v]", "-map",
                SCENES + ":a", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-r", String.valueOf(fps),
                "-frames:v", String.valueOf(totalFrames), "-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2",
                "-t", String.valueOf(seconds), "-movflags", "+faststart", dir.resolve("scenes-raw.mp4").toString()));
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            engine.render(timeline, assets, dir.resolve("scenes-ours.mp4"), ProgressListener.NONE).result()
                    .toCompletableFuture().join();
            ours.add((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            engine.ffmpeg().run(raw, seconds, Cancellation.create(), ProgressListener.NONE);
            peer.add((System.nanoTime() - t0) / 1e9);
        }
        String label = "P4 render " + height + "p30 recurring scenes (" + SCENES + " pictures in " + clips
                + " clips with crossfades) real-time factor vs raw ffmpeg (median of " + repeats + " alternating)";
        line(lines, out, label, seconds / median(ours), seconds / median(peer), "x");
    }

    private static String num(double value) {
        return String.format(java.util.Locale.ROOT, "%.6f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
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
