package io.clipizy.media.ffmpeg;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.media.domain.MediaFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures audio and video with ffprobe: the container's duration, the first video stream's size, frame rate and codec,
 * the first audio stream's codec and sample rate. It also reads every packet of the stream that matters and refuses a
 * file whose packets end well before the duration its header announces: that is a truncated file (a cut-off MP3
 * still carries the full length in its Xing header).
 */
@ApplicationScoped
public class MediaProber {
    /** Packets may end this much short of the stated duration (encoder padding, rounding) and the file still counts. */
    private static final double TOLERATED_SHORTFALL = 0.1;

    private final MediaTools tools;

    public MediaProber(MediaTools tools) {
        this.tools = tools;
    }

    /** The facts of a file that must hold {@code kind} media. Blocking: call it on {@link MediaTools#submit}. */
    public MediaFacts probe(Path file, MediaKind kind) {
        StringBuilder json = new StringBuilder();
        MediaTools.Result result = tools.ffprobe(List.of("-print_format", "json", "-show_format", "-show_streams",
                file.toString()), line -> json.append(line).append('\n'));
        if (!result.ok()) {
            throw new UnreadableMediaException("it is not " + kind.wire() + " FFmpeg can read (" + result.errors() + ")");
        }
        JsonNode root;
        try {
            root = JsonCodec.mapper().readTree(json.toString());
        } catch (IOException e) {
            throw new UnreadableMediaException("ffprobe's description of it could not be read");
        }
        JsonNode video = firstStream(root, "video");
        JsonNode audio = firstStream(root, "audio");
        JsonNode primary = kind == MediaKind.VIDEO ? video : audio;
        if (primary == null) {
            throw new UnreadableMediaException("it holds no " + kind.wire() + " stream");
        }
        Double duration = positive(root.path("format").path("duration").asText(null));
        if (duration == null) {
            duration = positive(primary.path("duration").asText(null));
        }
        if (duration != null) {
            requireComplete(file, kind, duration);
        }
        return new MediaFacts(duration, video == null ? null : positiveInt(video.path("width")),
                video == null ? null : positiveInt(video.path("height")),
                video == null ? null : frameRate(video), codec(video), codec(audio),
                audio == null ? null : positiveInt(audio.path("sample_rate")));
    }

    private void requireComplete(Path file, MediaKind kind, double duration) {
        double[] end = {0};
        MediaTools.Result result = tools.ffprobe(List.of("-select_streams", kind == MediaKind.VIDEO ? "v:0" : "a:0",
                "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", file.toString()), line -> {
            String[] fields = line.split(",");
            Double pts = fields.length > 0 ? number(fields[0]) : null;
            Double length = fields.length > 1 ? number(fields[1]) : null;
            if (pts != null) {
                end[0] = Math.max(end[0], pts + (length == null ? 0 : length));
            }
        });
        if (!result.ok()) {
            throw new UnreadableMediaException("its " + kind.wire() + " could not be read to the end (" + result.errors() + ")");
        }
        if (end[0] < duration * (1 - TOLERATED_SHORTFALL) - 0.05) {
            throw new UnreadableMediaException(String.format(java.util.Locale.ROOT,
                    "it is truncated: it announces %.2f s but its %s ends after %.2f s", duration, kind.wire(), end[0]));
        }
    }

    private static JsonNode firstStream(JsonNode root, String type) {
        for (JsonNode stream : root.path("streams")) {
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals(stream.path("codec_type").asText()) && !coverArt) {
                return stream;
            }
        }
        return null;
    }

    private static String codec(JsonNode stream) {
        return stream == null ? null : stream.path("codec_name").asText(null);
    }

    /** {@code avg_frame_rate} (or {@code r_frame_rate}) is a fraction such as {@code 30000/1001}; 0/0 means unknown. */
    private static Double frameRate(JsonNode video) {
        for (String field : new String[]{"avg_frame_rate", "r_frame_rate"}) {
            String[] parts = video.path(field).asText("").split("/");
            if (parts.length == 2) {
                Double num = number(parts[0]);
                Double den = number(parts[1]);
                if (num != null && den != null && num > 0 && den > 0) {
                    return Math.round(num / den * 1000) / 1000.0;
                }
            }
        }
        return null;
    }

    private static Integer positiveInt(JsonNode value) {
        int parsed = value.isNumber() ? value.asInt() : (int) Math.round(number(value.asText("")) == null ? 0
                : number(value.asText("")));
        return parsed > 0 ? parsed : null;
    }

    private static Double positive(String text) {
        Double value = text == null ? null : number(text);
        return value != null && value > 0 ? value : null;
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
