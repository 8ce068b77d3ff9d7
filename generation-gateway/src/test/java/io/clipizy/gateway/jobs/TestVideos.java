package io.clipizy.gateway.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** Small real videos made with the bundled FFmpeg for the tests. */
final class TestVideos {
    private TestVideos() {
    }

    /** {@code seconds} of solid {@code first} colour, then {@code seconds} of {@code second}: exactly one cut. */
    static Path twoColours(Path dir, String first, String second, double seconds) throws Exception {
        Path out = dir.resolve(first + "-" + second + ".mp4");
        String d = Double.toString(seconds);
        run(List.of("-f", "lavfi", "-i", "color=c=" + first + ":s=320x180:r=25:d=" + d,
                "-f", "lavfi", "-i", "color=c=" + second + ":s=320x180:r=25:d=" + d,
                "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", out.toString()));
        return out;
    }

    /** A moving test pattern (no cuts, lots of motion). */
    static Path moving(Path dir, double seconds) throws Exception {
        Path out = dir.resolve("moving.mp4");
        run(List.of("-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=" + seconds, "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", out.toString()));
        return out;
    }

    private static void run(List<String> args) throws Exception {
        String ffmpeg = ConfigProvider.getConfig().getValue("clipizy.ffmpeg.path", String.class);
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path parent = Path.of(ffmpeg).toAbsolutePath().getParent();
        builder.environment().merge("LD_LIBRARY_PATH", parent.toString(), (a, b) -> b + ":" + a);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + output);
        }
        if (!Files.isRegularFile(Path.of(args.get(args.size() - 1)))) {
            throw new IOException("ffmpeg made nothing: " + output);
        }
    }
}
