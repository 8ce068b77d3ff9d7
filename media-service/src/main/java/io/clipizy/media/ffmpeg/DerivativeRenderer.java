package io.clipizy.media.ffmpeg;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders derived pictures with ffmpeg, as PNG: a thumbnail of an image or of a video frame (at most 320 px on its
 * longer side, never enlarged) and the waveform of a sound track (800×200, mono mix).
 */
@ApplicationScoped
public class DerivativeRenderer {
    static final int THUMBNAIL_BOX = 320;
    static final String WAVEFORM_SIZE = "800x200";

    private final MediaTools tools;

    public DerivativeRenderer(MediaTools tools) {
        this.tools = tools;
    }

    /**
     * Renders {@code role} of the {@code kind} file {@code source} into {@code target}. Blocking: call it on
     * {@link MediaTools#submit}. A failure throws with ffmpeg's own last words.
     */
    public void render(MediaRole role, MediaKind kind, Path source, Double durationSeconds, Path target) {
        List<String> args = new ArrayList<>();
        if (role == MediaRole.WAVEFORM) {
            args.addAll(List.of("-i", source.toString(), "-filter_complex",
                    "aformat=channel_layouts=mono,showwavespic=s=" + WAVEFORM_SIZE + ":colors=0x4f46e5"));
        } else {
            if (kind == MediaKind.VIDEO) {
                // a frame a little way in says more than the first one, which is often black
                double at = durationSeconds == null ? 0 : Math.min(1.0, durationSeconds / 2);
                args.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", at)));
            }
            args.addAll(List.of("-i", source.toString(), "-vf", "scale='min(" + THUMBNAIL_BOX + ",iw)':'min("
                    + THUMBNAIL_BOX + ",ih)':force_original_aspect_ratio=decrease"));
        }
        args.addAll(List.of("-frames:v", "1", "-update", "1", "-f", "image2", "-c:v", "png", target.toString()));
        MediaTools.Result result = tools.ffmpeg(args);
        if (!result.ok()) {
            throw new IllegalStateException("FFmpeg could not render the " + role.wire() + " (exit " + result.exitCode()
                    + "): " + result.errors());
        }
    }
}
