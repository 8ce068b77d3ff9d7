package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What was measured in a video's pixels with FFmpeg, without any model: length, size, frame rate, the times of shot
 * cuts (scene-change detection), the dominant colours with their share of the picture, and how much the picture moves
 * within shots (mean absolute luma change between samples, 0..1, and a level).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MeasuredAnalysis(String method, double durationSeconds, int width, int height, Double frameRate,
                               String codec, List<Double> shotCuts, int shots, List<Colour> dominantColours,
                               Motion motion, int framesSampled) {
    public static final String METHOD = "measured";

    /** A dominant colour: {@code #rrggbb}, its nearest plain name, and its share of all sampled pixels. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Colour(String hex, String name, double share) {
    }

    /** Motion within shots: {@code static}, {@code low}, {@code medium} or {@code high}, from {@code score}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Motion(String level, double score) {
    }
}
