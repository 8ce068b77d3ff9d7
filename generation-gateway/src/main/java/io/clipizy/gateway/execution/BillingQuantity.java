package io.clipizy.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.TaskKind;

/**
 * How much of its kind's pricing unit a task asks for, as billing-service prices it: images for
 * {@code image_generation} ({@code n}, default 1), seconds for {@code video_generation} ({@code seconds} or
 * {@code n_seconds}, times {@code n_variants}) and {@code video_composition} (the timeline's length), one item for the
 * rest.
 */
final class BillingQuantity {
    private static final double DEFAULT_CLIP_SECONDS = 4;

    private BillingQuantity() {
    }

    static double of(TaskKind kind, JsonNode params) {
        JsonNode p = params == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : params;
        switch (kind) {
            case IMAGE_GENERATION:
                return Math.max(1, number(p, "n", 1));
            case VIDEO_GENERATION:
                double seconds = p.hasNonNull("seconds") ? number(p, "seconds", DEFAULT_CLIP_SECONDS)
                        : number(p, "n_seconds", DEFAULT_CLIP_SECONDS);
                return Math.max(0, seconds) * Math.max(1, number(p, "n_variants", 1));
            case VIDEO_COMPOSITION:
                return timelineSeconds(p.path("timeline"));
            default:
                return 1;
        }
    }

    /** The timeline's stated duration, else the end of its last clip or caption. */
    static double timelineSeconds(JsonNode timeline) {
        if (timeline.hasNonNull("duration") && timeline.get("duration").isNumber()) {
            return Math.max(0, timeline.get("duration").asDouble());
        }
        double end = 0;
        for (String list : new String[] {"clips", "texts"}) {
            double cursor = 0;
            for (JsonNode item : timeline.path(list)) {
                double start = item.hasNonNull("start") ? item.get("start").asDouble(0) : cursor;
                cursor = start + Math.max(0, item.path("duration").asDouble(0));
                end = Math.max(end, cursor);
            }
        }
        return end;
    }

    private static double number(JsonNode params, String name, double fallback) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
