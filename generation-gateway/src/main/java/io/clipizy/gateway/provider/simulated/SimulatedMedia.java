package io.clipizy.gateway.provider.simulated;

import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.audio.WavWriter;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The simulated provider's outputs: small but real files that media-service verifies like any other (a PNG that
 * decodes, an H.264 MP4 that FFprobe reads, a PCM WAV), so a load test exercises the whole storage path. Pictures are
 * drawn per task; the video clip is encoded once per frame size with FFmpeg and copied for each task, which costs a
 * file copy instead of an encode — a remote provider's work does not run on this machine either.
 */
final class SimulatedMedia {
    /** Frame sizes by aspect ratio: small on purpose. */
    static int[] size(String aspect) {
        if (aspect == null) {
            return new int[] {160, 90};
        }
        return switch (aspect.trim()) {
            case "9:16" -> new int[] {90, 160};
            case "1:1" -> new int[] {96, 96};
            case "4:5" -> new int[] {96, 120};
            default -> new int[] {160, 90};
        };
    }

    static final double CLIP_SECONDS = 1.0;
    static final int CLIP_FPS = 12;

    private final Ffmpeg ffmpeg;
    private final Path cache;

    SimulatedMedia(Ffmpeg ffmpeg, Path cache) {
        this.ffmpeg = ffmpeg;
        this.cache = cache;
    }

    /** A gradient picture whose colours come from {@code seed}, written as PNG. */
    static Path png(Path file, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            float hue = (seed & 0xffff) / 65536f;
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.6f, 0.9f), width, height,
                    Color.getHSBColor((hue + 0.3f) % 1f, 0.8f, 0.4f)));
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        try {
            if (!javax.imageio.ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** A 440 Hz tone of {@code seconds} (at most 30), 8 kHz mono 16-bit PCM. */
    static Path wav(Path file, double seconds) {
        int rate = 8000;
        int n = (int) Math.round(Math.max(0.1, Math.min(30, seconds)) * rate);
        float[] samples = new float[n];
        for (int i = 0; i < n; i++) {
            samples[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        WavWriter.write(file, samples, 1, rate);
        return file;
    }

    /** A copy of the 1-second H.264 clip of this size at {@code file}; the clip is encoded on first use. */
    Path mp4(Path file, int width, int height) {
        try {
            Files.copy(clip(width, height), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the simulated clip to " + file, e);
        }
        return file;
    }

    private synchronized Path clip(int width, int height) throws IOException {
        Path clip = cache.resolve(String.format(Locale.ROOT, "clip-%dx%d.mp4", width, height));
        if (Files.isRegularFile(clip) && Files.size(clip) > 0) {
            return clip;
        }
        Files.createDirectories(cache);
        Path partial = cache.resolve(clip.getFileName() + ".partial.mp4");
        ffmpeg.run(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%d:duration=%s",
                        width, height, CLIP_FPS, CLIP_SECONDS),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
                partial.toString()), CLIP_SECONDS, Cancellation.create(), ProgressListener.NONE);
        Files.move(partial, clip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return clip;
    }
}
