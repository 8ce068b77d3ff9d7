package io.clipizy.gateway.local.procedural;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Turns a still picture into a seamless loop (H.264 MP4, no audio) with FFmpeg's filters alone. Every moving
 * quantity is a function of {@code theta = 2 pi (n mod P) / P} over {@code P = frames - 1}, so the last frame is
 * computed from exactly the same numbers as the first and the clip can be repeated end to start. The picture is checked
 * (one frame decoded) before the run, and every FFmpeg run is bounded in time.
 */
public final class LoopVideoGenerator {
    private final Ffmpeg ffmpeg;
    private final String preset;
    private final int crf;

    public LoopVideoGenerator(Ffmpeg ffmpeg, String preset, int crf) {
        this.ffmpeg = ffmpeg;
        this.preset = preset;
        this.crf = crf;
    }

    /** Renders the loop to {@code output}, moved into place only once FFmpeg has finished it. */
    public Path generate(LoopRequest request, Path output, Cancellation cancellation, ProgressListener progress) {
        ffmpeg.requireDecodablePicture(request.image(), "image " + request.image().getFileName(), cancellation);
        int width = request.frameWidth();
        int height = request.frameHeight();
        int frames = request.frames();
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial.mp4");
        try {
            ffmpeg.run(List.of("-i", request.image().toString(), "-filter_complex", graph(request, width, height, frames),
                            "-map", "[out]", "-frames:v", Integer.toString(frames), "-an", "-c:v", "libx264",
                            "-preset", preset, "-crf", Integer.toString(crf), "-pix_fmt", "yuv420p",
                            "-movflags", "+faststart", "-f", "mp4", partial.toString()),
                    frames / (double) request.fps(), cancellation, progress);
            return Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot move the loop into place: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the hidden partial file is harmless and the outcome is already decided
            }
        }
    }

    /** The filter graph from the looped still to {@code [out]}. */
    static String graph(LoopRequest request, int width, int height, int frames) {
        int period = frames - 1;
        String theta = "(2*PI*mod(n," + period + ")/" + period + ")";
        double a = request.intensity();
        switch (request.motion()) {
            case PAN -> {
                double margin = 1.06 + 0.22 * a;
                return base(width, height, margin, frames, request.fps()) + ",crop=" + width + ":" + height
                        + ":x='(iw-" + width + ")*(1-cos" + theta + ")/2'"
                        + ":y='(ih-" + height + ")*(0.5-0.35*sin" + theta + ")',setsar=1,format=yuv420p[out]";
            }
            case PARALLAX -> {
                double margin = 1.1 + 0.2 * a;
                int frontW = even(width * 0.8);
                int frontH = even(height * 0.8);
                double drift = width * (0.02 + 0.05 * a);
                return base(width, height, margin, frames, request.fps()) + ",split[a][b];"
                        + "[a]gblur=sigma=" + num(Math.max(4, width / 90.0)) + ",eq=brightness=-0.08:saturation=1.15,"
                        + "crop=" + width + ":" + height + ":x='(iw-" + width + ")*(1-cos" + theta + ")/2'"
                        + ":y='(ih-" + height + ")/2'[back];"
                        + "[b]scale=" + frontW + ":" + frontH + ":flags=lanczos[front];"
                        + "[back][front]overlay=x='(main_w-overlay_w)/2+" + num(drift) + "*(cos" + theta + "-0.5)'"
                        + ":y='(main_h-overlay_h)/2+" + num(drift * 0.3) + "*sin" + theta + "'"
                        + ":eval=frame,setsar=1,format=yuv420p[out]";
            }
            case COLOR_CYCLE -> {
                double zoom = 0.03 + 0.05 * a;
                return base(width, height, 1 + zoom, frames, request.fps()) + "," + zoom(width, height, zoom, theta)
                        + ",hue=h='" + num(20 + 60 * a) + "*sin" + theta + "'"
                        + ":s='1+" + num(0.25 * a) + "*(1-cos" + theta + ")/2',setsar=1,format=yuv420p[out]";
            }
            default -> {
                double zoom = 0.05 + 0.2 * a;
                return base(width, height, 1 + zoom, frames, request.fps()) + "," + zoom(width, height, zoom, theta)
                        + ",setsar=1,format=yuv420p[out]";
            }
        }
    }

    /**
     * The still, covered to the frame's aspect, scaled to {@code margin} times the frame (room to move), then repeated
     * {@code frames} times by the loop filter: the picture is decoded and scaled once, and a file that yields no
     * picture ends the run instead of being retried forever as {@code -loop 1} would.
     */
    private static String base(int width, int height, double margin, int frames, int fps) {
        int w = even(width * margin);
        int h = even(height * margin);
        return "[0:v]scale=" + w + ":" + h + ":force_original_aspect_ratio=increase:flags=lanczos,crop=" + w + ":" + h
                + ",loop=loop=" + (frames - 1) + ":size=1:start=0,settb=1/" + fps + ",setpts=N,fps=" + fps;
    }

    /** A push in from the frame size to {@code 1 + amount} and back, centred. */
    private static String zoom(int width, int height, double amount, String theta) {
        return "scale=w='trunc(" + width + "*(1+" + num(amount) + "*(1-cos" + theta + ")/2)/2)*2'"
                + ":h='trunc(" + height + "*(1+" + num(amount) + "*(1-cos" + theta + ")/2)/2)*2'"
                + ":eval=frame:flags=bicubic,crop=" + width + ":" + height;
    }

    private static int even(double pixels) {
        int p = (int) Math.round(pixels);
        return p + (p & 1);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
