package io.clipizy.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.billing.config.PricingConfig;
import io.clipizy.contracts.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Prices a workflow run before it starts, from the workflow's inputs (the same names and ranges as the workflow
 * definitions of workflow-service). Inputs that do not change the price are ignored; a priced input that is missing
 * takes the workflow's default, and one that is out of range is an {@link InvalidInput}.
 */
public final class Estimator {
    private static final Set<String> RESOLUTIONS = Set.of("720p", "1080p", "2160p");
    private static final Map<String, Function<Estimator, List<Estimate.Line>>> WORKFLOWS = Map.of(
            "music-video.looped-static", Estimator::loopedStatic,
            "music-video.looped-animated", Estimator::loopedAnimated,
            "music-video.recurring-scenes", Estimator::recurringScenes,
            "music.generate-track", Estimator::generateTrack,
            "video-clip.standard", Estimator::videoClip,
            "business-ad.standard", Estimator::businessAd,
            "image.generate-or-edit", Estimator::image,
            "social.cutdowns", Estimator::cutdowns,
            "audio.analyze", e -> List.of());
    /** Each cut-down is at most a minute long (15, 30 and 60 s cuts), so each platform is priced as one minute. */
    private static final double CUTDOWN_MINUTES = 1.0;

    private final PricingConfig pricing;
    private final JsonNode inputs;

    private Estimator(PricingConfig pricing, JsonNode inputs) {
        this.pricing = pricing;
        this.inputs = inputs;
    }

    public static Set<String> workflowIds() {
        return WORKFLOWS.keySet();
    }

    /** The estimate of a run of {@code workflowId} with these inputs; null when the workflow is unknown. */
    public static Estimate estimate(PricingConfig pricing, String workflowId, JsonNode inputs) {
        Function<Estimator, List<Estimate.Line>> lines = WORKFLOWS.get(workflowId);
        if (lines == null) {
            return null;
        }
        Estimator estimator = new Estimator(pricing, inputs);
        List<Estimate.Line> breakdown = new ArrayList<>(lines.apply(estimator));
        if (breakdown.isEmpty()) {
            return new Estimate(workflowId, pricing.version(), 0, breakdown);
        }
        long subtotal = breakdown.stream().mapToLong(Estimate.Line::credits).sum();
        double multiplier = estimator.resolutionMultiplier();
        if (multiplier != 1.0) {
            long raised = Pricing.roundUp(subtotal * multiplier);
            breakdown.add(new Estimate.Line("resolution", "×" + multiplier + " at " + estimator.resolution(), multiplier,
                    raised - subtotal));
            subtotal = raised;
        }
        if (subtotal < pricing.minimumCharge()) {
            breakdown.add(new Estimate.Line("minimum-charge", "raised to the minimum charge", 1,
                    pricing.minimumCharge() - subtotal));
            subtotal = pricing.minimumCharge();
        }
        return new Estimate(workflowId, pricing.version(), subtotal, breakdown);
    }

    private List<Estimate.Line> loopedStatic() {
        double minutes = seconds("duration", null, 5, 1200) / 60.0;
        return withVisualizer(List.of(
                line("image", "generated still", 1, pricing.image().perUnit()),
                line("image-video", "minutes of video", minutes, pricing.image().perMinute())));
    }

    private List<Estimate.Line> loopedAnimated() {
        double minutes = seconds("duration", null, 5, 1200) / 60.0;
        return withVisualizer(List.of(
                line("looped-animation", "generated loop", 1, pricing.loopedAnimation().perUnit()),
                line("looped-animation-video", "minutes of video", minutes, pricing.loopedAnimation().perMinute())));
    }

    private List<Estimate.Line> recurringScenes() {
        double seconds = seconds("duration", null, 5, 1200);
        long defaultScenes = (long) Math.ceil(seconds / pricing.recurringScenes().secondsPerScene());
        long scenes = whole("scenes", defaultScenes, 2, 24);
        return withVisualizer(List.of(
                line("scene", "generated scenes", scenes, pricing.recurringScenes().perScene()),
                line("scene-video", "minutes of video", seconds / 60.0, pricing.recurringScenes().perMinute())));
    }

    private List<Estimate.Line> generateTrack() {
        double minutes = seconds("seconds", 90.0, 30, 300) / 60.0;
        return withVisualizer(List.of(
                line("music-track", "generated track", 1, pricing.musicTrack()),
                line("image", "generated still", 1, pricing.image().perUnit()),
                line("image-video", "minutes of video", minutes, pricing.image().perMinute())));
    }

    private List<Estimate.Line> videoClip() {
        double minutes = seconds("duration", 30.0, 5, 300) / 60.0;
        long scenes = whole("scenes", 5, 1, 24);
        return List.of(
                line("image", "generated scene images", scenes, pricing.image().perUnit()),
                line("video", "minutes of video", minutes, pricing.videoPerMinute()));
    }

    private List<Estimate.Line> businessAd() {
        double minutes = seconds("duration", 20.0, 6, 90) / 60.0;
        int formats = listSize("formats", 3, 1, 3);
        return List.of(line("video", "minutes of video in " + formats + " format(s)", minutes * formats,
                pricing.videoPerMinute()));
    }

    private List<Estimate.Line> image() {
        long variants = whole("variants", 1, 1, 4);
        return List.of(line("image", "generated images", variants, pricing.image().perUnit()));
    }

    private List<Estimate.Line> cutdowns() {
        int platforms = listSize("platforms", 4, 1, 4);
        return List.of(line("video", "cut-downs of up to a minute, one per platform", platforms * CUTDOWN_MINUTES,
                pricing.videoPerMinute()));
    }

    private List<Estimate.Line> withVisualizer(List<Estimate.Line> lines) {
        JsonNode visualizer = inputs.get("visualizer");
        if (visualizer == null || visualizer.isNull()) {
            return lines;
        }
        if (!visualizer.isBoolean()) {
            throw new InvalidInput("visualizer", "must be true or false");
        }
        if (!visualizer.booleanValue()) {
            return lines;
        }
        List<Estimate.Line> all = new ArrayList<>(lines);
        all.add(line("visualizer", "audio visualizer add-on", 1, pricing.visualizer()));
        return all;
    }

    private String resolution() {
        JsonNode value = inputs.get("resolution");
        if (value == null || value.isNull()) {
            return "1080p";
        }
        if (!value.isTextual() || !RESOLUTIONS.contains(value.textValue())) {
            throw new InvalidInput("resolution", "must be one of 720p, 1080p, 2160p");
        }
        return value.textValue();
    }

    private double resolutionMultiplier() {
        return pricing.resolutionMultiplier().getOrDefault(resolution(), 1.0);
    }

    private double seconds(String field, Double fallback, double min, double max) {
        JsonNode value = inputs.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new InvalidInput(field, "is required");
            }
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw new InvalidInput(field, "must be a number of seconds from " + (long) min + " to " + (long) max);
        }
        return value.doubleValue();
    }

    private long whole(String field, long fallback, long min, long max) {
        JsonNode value = inputs.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidInput(field, "must be a whole number from " + min + " to " + max);
        }
        return value.longValue();
    }

    private int listSize(String field, int fallback, int min, int max) {
        JsonNode value = inputs.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isArray() || value.size() < min || value.size() > max) {
            throw new InvalidInput(field, "must be a list of " + min + " to " + max + " values");
        }
        return value.size();
    }

    private static Estimate.Line line(String item, String description, double quantity, long unitCredits) {
        return new Estimate.Line(item, description + " × " + unitCredits + " credits", quantity,
                Pricing.roundUp(quantity * unitCredits));
    }

    /** A priced input that is missing, of the wrong type or out of range. */
    public static final class InvalidInput extends RuntimeException {
        private final transient Problem.FieldViolation violation;

        InvalidInput(String field, String message) {
            super("inputs." + field + ": " + message, null, false, false);
            this.violation = new Problem.FieldViolation("inputs." + field, message);
        }

        public Problem.FieldViolation violation() {
            return violation;
        }
    }
}
