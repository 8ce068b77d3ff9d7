package io.clipizy.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PERFORMANCE.md P5, song upload to finished video, on a running local stack ({@code deploy/run.sh --no-demo}):
 * a 3-minute song composed once by the product's own generator (kept in {@code .clipizy/bench/}), then, per
 * repetition, the guided demo with that file and the looped-static workflow, timed from the upload's first byte to the
 * downloaded MP4. Prints {@code name, ours, peer, ratio, unit} lines and the time of each step of the last run.
 *
 * <p>{@code java -cp "deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)" io.clipizy.local.EndToEndBench [repetitions]}
 */
public final class EndToEndBench {
    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Workspace workspace = Workspace.locate(Path.of(""));
        String issuer = new StackSettings(System.getenv()).issuer();
        Path song = workspace.data().resolve("bench").resolve("song-180s.mp3");
        Files.createDirectories(song.getParent());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        if (!Files.isRegularFile(song)) {
            System.out.println("Composing the 3-minute song once (not timed) into " + workspace.show(song));
            new Demo(StackSettings.GATEWAY_URL, issuer, song.getParent(), quiet, () -> false).composeToFile(180, song);
        }
        List<Double> seconds = new ArrayList<>();
        Demo.Result last = null;
        for (int i = 0; i < repetitions; i++) {
            last = new Demo(StackSettings.GATEWAY_URL, issuer, workspace.data().resolve("bench"), quiet, () -> false)
                    .run(new Demo.Options(song, "music-video.looped-static", Demo.Options.defaults().request()));
            seconds.add(last.songToVideo().toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "run %d: %.1f s (song %.1f s)%n", i + 1, seconds.get(i), last.songSeconds());
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        System.out.println("name, ours, peer, ratio, unit");
        System.out.printf(Locale.ROOT, "P5 song upload to finished 1080p looped-static video (%.0f-s song; median of %d), %.1f, n/a, n/a, s%n",
                last.songSeconds(), repetitions, median);
        System.out.printf(Locale.ROOT, "P5 the same as a multiple of real time, %.2f, n/a, n/a, x%n", last.songSeconds() / median);
        for (JsonNode n : last.run().path("nodes")) {
            if (n.hasNonNull("startedAt") && n.hasNonNull("finishedAt")) {
                Duration d = Duration.between(Instant.parse(n.path("startedAt").asText()), Instant.parse(n.path("finishedAt").asText()));
                System.out.printf(Locale.ROOT, "  step %-12s %-18s %6.1f s%n", n.path("nodeId").asText(), n.path("nodeType").asText(),
                        d.toMillis() / 1000.0);
            }
        }
    }
}
