package io.clipizy.gateway.local.ffmpeg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What ffprobe says about a media file: its duration (NaN when unknown) and its streams. */
public record MediaProbe(double durationSeconds, String formatName, List<Stream> streams) {

    /** One stream: its type ({@code audio}, {@code video}...), codec, and the audio or video properties it has. */
    public record Stream(String codecType, String codecName, int channels, int sampleRate, int width, int height,
                         double durationSeconds, String pixelFormat, long frames) {
    }

    static MediaProbe of(JsonNode json) {
        List<Stream> streams = new ArrayList<>();
        for (JsonNode s : json.path("streams")) {
            streams.add(new Stream(s.path("codec_type").asText(""), s.path("codec_name").asText(""),
                    s.path("channels").asInt(0), s.path("sample_rate").asInt(0), s.path("width").asInt(0),
                    s.path("height").asInt(0), number(s.path("duration")), s.path("pix_fmt").asText(""),
                    s.path("nb_frames").asLong(0)));
        }
        return new MediaProbe(number(json.path("format").path("duration")),
                json.path("format").path("format_name").asText(""), List.copyOf(streams));
    }

    private static double number(JsonNode value) {
        try {
            return value.isMissingNode() || value.isNull() ? Double.NaN : Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The first audio stream, or null. */
    public Stream audio() {
        return streams.stream().filter(s -> s.codecType().equals("audio")).findFirst().orElse(null);
    }

    /** The first video stream that is not an attached picture, or null. */
    public Stream video() {
        return streams.stream().filter(s -> s.codecType().equals("video")).findFirst().orElse(null);
    }
}
