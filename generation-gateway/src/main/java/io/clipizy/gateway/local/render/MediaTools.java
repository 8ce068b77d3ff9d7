package io.clipizy.gateway.local.render;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Small media derivations for the UI and the video jobs API: an animated GIF of a video (one palette per clip,
 * shrunk until it fits a size cap), a poster-frame thumbnail, and a waveform picture of an audio file. Each writes
 * next to its target and moves the file into place only when it is complete.
 */
public final class MediaTools {
    private final Ffmpeg ffmpeg;

    public MediaTools(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * A GIF of the video at most {@code maxWidth} pixels wide and {@code fps} frames a second; while it exceeds
     * {@code maxBytes} it is redone smaller (three quarters the width, fewer frames), at most four times.
     */
    public Path gif(Path video, Path output, int maxWidth, int fps, long maxBytes, Cancellation cancellation,
                    ProgressListener progress) {
        MediaProbe probe = requireVideo(video);
        double duration = Double.isNaN(probe.durationSeconds()) ? 10 : probe.durationSeconds();
        int width = Math.min(maxWidth, probe.video().width());
        int rate = fps;
        Path partial = partial(output, ".gif");
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                String graph = String.format(Locale.ROOT, "fps=%d,scale=%d:-2:flags=lanczos,split[a][b];"
                        + "[a]palettegen=max_colors=128:stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4",
                        rate, even(width));
                ffmpeg.run(List.of("-i", video.toString(), "-an", "-filter_complex", graph, "-loop", "0", "-f", "gif",
                        partial.toString()), duration, cancellation, progress.part(attempt / 5.0, (attempt + 1) / 5.0));
                if (Files.size(partial) <= maxBytes || attempt == 4) {
                    break;
                }
                width = Math.max(64, width * 3 / 4);
                rate = Math.max(5, rate * 4 / 5);
            }
            return moveInto(partial, output);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot write the GIF: " + e.getMessage(), e);
        } finally {
            TimelineRenderer.deleteQuietly(partial);
        }
    }

    /** A PNG poster frame: the most representative of the frames around a third of the way in (at most 3 s). */
    public Path thumbnail(Path video, Path output, int width, Cancellation cancellation) {
        MediaProbe probe = requireVideo(video);
        double at = Double.isNaN(probe.durationSeconds()) ? 0 : Math.min(3, probe.durationSeconds() / 3);
        Path partial = partial(output, ".png");
        try {
            ffmpeg.run(List.of("-ss", TimelineRenderer.num(at), "-i", video.toString(), "-an", "-vf",
                    "thumbnail=25,scale=" + even(width) + ":-2", "-frames:v", "1", "-f", "image2", "-c:v", "png",
                    partial.toString()), 0, cancellation, ProgressListener.NONE);
            return moveInto(partial, output);
        } finally {
            TimelineRenderer.deleteQuietly(partial);
        }
    }

    /** A PNG of the audio's waveform, {@code width x height}, in the given colour on a transparent background. */
    public Path waveform(Path audio, Path output, int width, int height, String color, Cancellation cancellation) {
        if (ffmpeg.probe(audio, "audio").audio() == null) {
            throw new InvalidInputException("The file " + audio.getFileName() + " has no audio to draw");
        }
        if (!color.matches("[#A-Za-z0-9]+")) {
            throw new InvalidInputException("The colour '" + color + "' is not a colour name or #rrggbb");
        }
        Path partial = partial(output, ".png");
        try {
            ffmpeg.run(List.of("-i", audio.toString(), "-filter_complex",
                    String.format("aformat=channel_layouts=mono,showwavespic=s=%dx%d:colors=%s:scale=sqrt", width,
                            height, color), "-frames:v", "1", "-f", "image2", "-c:v", "png", partial.toString()),
                    0, cancellation, ProgressListener.NONE);
            return moveInto(partial, output);
        } finally {
            TimelineRenderer.deleteQuietly(partial);
        }
    }

    private MediaProbe requireVideo(Path video) {
        MediaProbe probe = ffmpeg.probe(video, "video");
        if (probe.video() == null) {
            throw new InvalidInputException("The file " + video.getFileName() + " has no video");
        }
        return probe;
    }

    private static Path partial(Path output, String suffix) {
        return output.resolveSibling("." + output.getFileName() + ".partial" + suffix);
    }

    private static Path moveInto(Path partial, Path output) {
        try {
            return Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot move the result into place: " + e.getMessage(), e);
        }
    }

    private static int even(int pixels) {
        return pixels + (pixels & 1);
    }
}
