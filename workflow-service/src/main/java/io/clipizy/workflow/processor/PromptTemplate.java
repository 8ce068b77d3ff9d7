package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.Map;

/**
 * {@code prompt_template}: a generation prompt and negative prompt from a named template and a style preset. Presets
 * carry the look of each style (lens, palette, texture) so a short description becomes a usable prompt.
 */
public class PromptTemplate implements Processor {
    private static final Map<String, String> STYLES = Map.of(
            "cinematic", "cinematic film still, anamorphic lens, dramatic lighting, shallow depth of field, rich colour grade",
            "animated", "animated illustration, clean line art, bold flat colours, expressive shapes",
            "realistic", "photorealistic, natural light, sharp detail, true-to-life colours",
            "abstract", "abstract art, flowing shapes and gradients, generative patterns, vivid palette",
            "minimalist", "minimalist composition, negative space, a few simple shapes, muted palette",
            "vintage", "vintage photograph, film grain, faded warm tones, soft vignette");
    private static final Map<String, String> TEMPLATES = Map.of(
            "still-frame", "{description}, a single striking frame for a music video, {style}",
            "image", "{description}, {style}",
            "scene", "{description}, {style}");
    private static final String NEGATIVE = "blurry, low quality, distorted, watermark, text, logo, extra limbs, deformed";

    @Override
    public String name() {
        return "prompt_template";
    }

    @Override
    public JsonNode run(JsonNode p) {
        String template = TEMPLATES.get(p.path("template").asText());
        if (template == null) {
            throw new ProcessorException("unknown prompt template '" + p.path("template").asText() + "' (one of " + TEMPLATES.keySet() + ")");
        }
        String style = STYLES.getOrDefault(p.path("style").asText("cinematic"), STYLES.get("cinematic"));
        String prompt = Format.fill(template.replace("{style}", style), p.path("vars"));
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.put("prompt", prompt.replaceAll("\\s+", " ").replace(" ,", ",").strip());
        out.put("negativePrompt", NEGATIVE);
        return out;
    }
}
