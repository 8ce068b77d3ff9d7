package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.gateway.provider.ProviderException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A {@code video_generation} task's parameters as the video APIs need them, from either caller: the workflow's
 * generator node ({@code prompt}, {@code seconds}, {@code aspectRatio}, {@code resolution}, {@code image},
 * {@code motion}, {@code loop}) or the video jobs API ({@code prompt}, {@code n_seconds}, {@code n_variants},
 * {@code width}, {@code height}); plus {@code remixOf} (a provider video id) and {@code keepForRemix}.
 *
 * @param prompt    the prompt with the camera motion and loop wishes written into it
 * @param width     0 when the caller gave none (the adapter picks from {@code aspectRatio} and {@code resolution})
 * @param image     a media id to start from (image-to-video), or null
 * @param remixOf   the provider's id of a video to remix, or null
 */
public record VideoParams(String prompt, double seconds, int variants, int width, int height, String aspectRatio,
                          String resolution, UUID image, String remixOf, boolean keepForRemix) {
    static final int MAX_PROMPT = 4000;
    private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Map<String, String> MOTION = Map.of(
            "zoom-in", "The camera pushes in slowly and steadily.",
            "zoom-out", "The camera pulls back slowly and steadily.",
            "pan-left", "The camera pans slowly to the left.",
            "pan-right", "The camera pans slowly to the right.",
            "tilt-up", "The camera tilts slowly upwards.",
            "tilt-down", "The camera tilts slowly downwards.",
            "orbit", "The camera orbits slowly around the subject.",
            "static", "The camera stays still; only the subject moves.");

    static VideoParams from(JsonNode p, double defaultSeconds) {
        if (p == null || !p.isObject()) {
            throw ProviderException.invalidInput("params must be a JSON object");
        }
        String prompt = p.path("prompt").isTextual() ? p.get("prompt").asText().strip() : "";
        if (prompt.isEmpty()) {
            throw ProviderException.invalidInput("prompt is required: describe the video to generate");
        }
        if (prompt.length() > MAX_PROMPT) {
            throw ProviderException.invalidInput("prompt is " + prompt.length() + " characters; at most " + MAX_PROMPT);
        }
        String motion = p.path("motion").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        if (!motion.isEmpty() && !motion.equals("none")) {
            String sentence = MOTION.get(motion);
            if (sentence == null) {
                throw ProviderException.invalidInput("motion must be one of " + new java.util.TreeSet<>(MOTION.keySet()) + " or none");
            }
            prompt = prompt + " " + sentence;
        }
        if (p.path("loop").asBoolean(false)) {
            prompt = prompt + " The clip loops seamlessly: its last frame flows back into its first.";
        }
        double seconds = number(p, "n_seconds", number(p, "seconds", defaultSeconds));
        int variants = (int) number(p, "n_variants", 1);
        int width = (int) number(p, "width", 0);
        int height = (int) number(p, "height", 0);
        if ((width == 0) != (height == 0)) {
            throw ProviderException.invalidInput("give both width and height, or neither (then aspectRatio decides)");
        }
        UUID image = null;
        if (p.hasNonNull("image")) {
            try {
                image = UUID.fromString(p.get("image").asText());
            } catch (IllegalArgumentException e) {
                throw ProviderException.invalidInput("image must be a media id (a UUID)");
            }
        }
        String remixOf = p.hasNonNull("remixOf") ? p.get("remixOf").asText() : null;
        if (remixOf != null && !PROVIDER_ID.matcher(remixOf).matches()) {
            throw ProviderException.invalidInput("remixOf must be the provider's video id (letters, digits, _ and -)");
        }
        return new VideoParams(prompt, seconds, variants, width, height, p.path("aspectRatio").asText("16:9"),
                p.path("resolution").asText("720p"), image, remixOf, p.path("keepForRemix").asBoolean(false));
    }

    private static double number(JsonNode p, String field, double fallback) {
        JsonNode value = p.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.asText().strip());
            } catch (NumberFormatException e) {
                throw ProviderException.invalidInput(field + " must be a number");
            }
        }
        throw ProviderException.invalidInput(field + " must be a number");
    }

    /** The pixel height of the named resolution ({@code 480p}, {@code 720p}, {@code 1080p}). */
    int resolutionLines() {
        return switch (resolution.toLowerCase(java.util.Locale.ROOT)) {
            case "480p" -> 480;
            case "1080p", "2160p" -> 1080;
            default -> 720;
        };
    }
}
