package io.clipizy.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** Real audio and video encoded by the bundled FFmpeg for the tests, so their facts are known. */
final class FfmpegSamples {
    private FfmpegSamples() {
    }

    /** An H.264/AAC MP4 of a test pattern with a tone: {@code seconds} long, {@code width}×{@code height}, 25 fps. */
    static byte[] mp4(int width, int height, double seconds) {
        return encode(".mp4", "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=" + width + "x" + height
                        + ":rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** An MP3 tone at 22.05 kHz, 64 kbit/s, with a LAME header stating its full length. */
    static byte[] mp3(double seconds) {
        return encode(".mp3", "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-ac", "1", "-ar", "22050",
                "-c:a", "libmp3lame", "-b:a", "64k");
    }

    private static byte[] encode(String extension, String... args) {
        Path ffmpeg = Path.of(ConfigProvider.getConfig().getValue("clipizy.ffmpeg.path", String.class));
        try {
            Path out = Files.createTempFile("sample-", extension);
            List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-v", "error", "-y"));
            command.addAll(List.of(args));
            command.add(out.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LD_LIBRARY_PATH", ffmpeg.getParent().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + output);
            }
            byte[] bytes = Files.readAllBytes(out);
            Files.delete(out);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
