package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Chooses the graph template for a task and turns the task's parameters into slot values.
 *
 * <ul>
 *   <li>{@code image_generation}: {@code text-to-image}; with {@code reference} / {@code references} / {@code images}
 *       (1–3 media ids) {@code image-edit}.</li>
 *   <li>{@code video_generation}: {@code image-to-video}, which needs {@code image} (a media id).</li>
 *   <li>{@code music_generation} with {@code video} (a media id): {@code video-to-audio} — a soundtrack generated for
 *       that video. Music from text alone is not something these templates do.</li>
 * </ul>
 * Common parameters: {@code prompt}, {@code style} (appended to the prompt), {@code negativePrompt}, {@code seed}
 * (default: derived from the task id, so a retry draws the same picture), {@code width}/{@code height} or
 * {@code aspectRatio} ({@code 16:9}, {@code 9:16}, {@code 1:1}, {@code 4:3}, {@code 3:4}), {@code steps}, {@code cfg},
 * {@code seconds} and {@code fps} for video and audio.
 */
public final class GraphPlanner {
    private static final long MAX_SEED = 281474976710655L;
    private final GraphTemplates templates;

    public GraphPlanner(GraphTemplates templates) {
        this.templates = templates;
    }

    /** The task kinds some template serves. */
    public static boolean serves(TaskKind kind) {
        return kind == TaskKind.IMAGE_GENERATION || kind == TaskKind.VIDEO_GENERATION || kind == TaskKind.MUSIC_GENERATION;
    }

    /** @throws ProviderException invalid_input when the parameters do not fit the kind or the template */
    public GraphPlan plan(TaskKind kind, JsonNode params, UUID taskId) {
        JsonNode p = params == null ? JsonNodeFactory.instance.objectNode() : params;
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, UUID> media = new LinkedHashMap<>();
        GraphTemplate template;
        MediaKind outputKind;
        switch (kind) {
            case IMAGE_GENERATION: {
                List<UUID> references = references(p);
                if (references.isEmpty()) {
                    template = templates.get(GraphTemplates.TEXT_TO_IMAGE);
                } else {
                    template = templates.get(GraphTemplates.IMAGE_EDIT);
                    for (int i = 0; i < references.size(); i++) {
                        media.put("reference_" + (i + 1), references.get(i));
                    }
                }
                requirePrompt(p);
                outputKind = MediaKind.IMAGE;
                break;
            }
            case VIDEO_GENERATION:
                template = templates.get(GraphTemplates.IMAGE_TO_VIDEO);
                media.put("image", mediaId(p, "image", "video_generation on ComfyUI is image-to-video: give 'image' "
                        + "(the media id of the first frame)"));
                outputKind = MediaKind.VIDEO;
                break;
            case MUSIC_GENERATION:
                template = templates.get(GraphTemplates.VIDEO_TO_AUDIO);
                media.put("video", mediaId(p, "video", "music_generation on ComfyUI makes a soundtrack for a video: give "
                        + "'video' (a media id)"));
                outputKind = MediaKind.AUDIO;
                break;
            default:
                throw ProviderException.invalidInput("ComfyUI does not run " + kind.wire() + " tasks");
        }
        text(p, "prompt").ifPresent(prompt -> values.put("prompt", TextNode.valueOf(styled(prompt, p))));
        text(p, "negativePrompt", "negative_prompt").ifPresent(v -> values.put("negative_prompt", TextNode.valueOf(v)));
        copyNumber(p, values, "steps", "steps");
        copyNumber(p, values, "cfg", "cfg");
        copyNumber(p, values, "fps", "fps");
        size(p, template, values);
        seconds(p, template, values);
        values.put("seed", seed(p, taskId));
        values.put("filename_prefix", TextNode.valueOf("clipizy/" + taskId));
        return new GraphPlan(template, values, media, outputKind);
    }

    private static void requirePrompt(JsonNode p) {
        if (text(p, "prompt").isEmpty()) {
            throw ProviderException.invalidInput("prompt is required: describe the picture to make");
        }
    }

    private static String styled(String prompt, JsonNode p) {
        return text(p, "style").map(style -> prompt + ", " + style.toLowerCase(Locale.ROOT) + " style").orElse(prompt);
    }

    private static List<UUID> references(JsonNode p) {
        List<UUID> ids = new ArrayList<>();
        for (String field : List.of("reference", "references", "images")) {
            JsonNode value = p.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                value.forEach(item -> ids.add(uuid(item, field)));
            } else {
                ids.add(uuid(value, field));
            }
        }
        if (ids.size() > 3) {
            throw ProviderException.invalidInput("an image edit takes 1 to 3 reference images (got " + ids.size() + ")");
        }
        return ids;
    }

    private static UUID mediaId(JsonNode p, String field, String missing) {
        JsonNode value = p.get(field);
        if (value == null || value.isNull()) {
            throw ProviderException.invalidInput(missing);
        }
        return uuid(value, field);
    }

    private static UUID uuid(JsonNode value, String field) {
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw ProviderException.invalidInput(field + " must be a media id (a UUID), got '" + value.asText() + "'");
        }
    }

    private static java.util.Optional<String> text(JsonNode p, String... fields) {
        for (String field : fields) {
            JsonNode value = p.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return java.util.Optional.of(value.asText().strip());
            }
        }
        return java.util.Optional.empty();
    }

    private static void copyNumber(JsonNode p, Map<String, JsonNode> values, String field, String slot) {
        JsonNode value = p.get(field);
        if (value != null && !value.isNull()) {
            values.put(slot, value);
        }
    }

    /** Explicit width/height win; otherwise the aspect ratio at about the template's default area, in steps of 32. */
    private static void size(JsonNode p, GraphTemplate template, Map<String, JsonNode> values) {
        SlotSpec width = template.slots().get("width");
        SlotSpec height = template.slots().get("height");
        if (width == null || height == null) {
            return;
        }
        if (p.hasNonNull("width") || p.hasNonNull("height")) {
            copyNumber(p, values, "width", "width");
            copyNumber(p, values, "height", "height");
            return;
        }
        String aspect = text(p, "aspectRatio", "aspect_ratio").orElse(null);
        if (aspect == null) {
            return;
        }
        String[] parts = aspect.split(":");
        double ratio;
        try {
            ratio = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.NaN;
        } catch (NumberFormatException e) {
            ratio = Double.NaN;
        }
        if (!(ratio >= 0.25 && ratio <= 4)) {
            throw ProviderException.invalidInput("aspectRatio must look like 16:9, 9:16 or 1:1 (got '" + aspect + "')");
        }
        double area = width.fallback().asDouble() * height.fallback().asDouble();
        long w = Math.round(Math.sqrt(area * ratio) / 32) * 32;
        long h = Math.round(Math.sqrt(area / ratio) / 32) * 32;
        values.put("width", JsonNodeFactory.instance.numberNode(w));
        values.put("height", JsonNodeFactory.instance.numberNode(h));
    }

    /** Audio takes seconds as they are; video turns them into a frame count of the form 4n+1 (what Wan expects). */
    private static void seconds(JsonNode p, GraphTemplate template, Map<String, JsonNode> values) {
        JsonNode seconds = p.hasNonNull("seconds") ? p.get("seconds") : p.get("duration");
        if (seconds == null || seconds.isNull()) {
            return;
        }
        if (!seconds.isNumber() || !(seconds.asDouble() > 0) || seconds.asDouble() > 600) {
            throw ProviderException.invalidInput("seconds must be a positive number of seconds (got " + seconds + ")");
        }
        if (template.slots().containsKey("seconds")) {
            values.put("seconds", seconds);
        } else if (template.slots().containsKey("frames")) {
            SlotSpec fpsSlot = template.slots().get("fps");
            double fps = values.containsKey("fps") && values.get("fps").isNumber() ? values.get("fps").asDouble()
                    : fpsSlot == null || fpsSlot.fallback() == null ? 24 : fpsSlot.fallback().asDouble();
            long frames = 4 * Math.round(seconds.asDouble() * fps / 4) + 1;
            values.put("frames", JsonNodeFactory.instance.numberNode(frames));
        }
    }

    private static JsonNode seed(JsonNode p, UUID taskId) {
        JsonNode given = p.get("seed");
        if (given != null && !given.isNull()) {
            return given;
        }
        long derived = (taskId.getMostSignificantBits() ^ taskId.getLeastSignificantBits()) & MAX_SEED;
        return JsonNodeFactory.instance.numberNode(derived);
    }
}
