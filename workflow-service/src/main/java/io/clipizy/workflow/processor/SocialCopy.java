package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code social_copy}: a title, a description and hashtags per platform, made from the description without an LLM —
 * the longest words become hashtags, titles fit each platform's length limit.
 */
public class SocialCopy implements Processor {
    private static final Map<String, Integer> TITLE_LIMIT = Map.of("tiktok", 100, "reels", 125, "shorts", 100, "square", 125);
    private static final Set<String> STOP = Set.of("about", "after", "their", "there", "these", "those", "which", "while",
            "would", "could", "should", "where", "with", "from", "into", "that", "this", "your", "have");

    @Override
    public String name() {
        return "social_copy";
    }

    @Override
    public JsonNode run(JsonNode p) {
        String description = p.path("description").asText("").strip();
        if (description.isEmpty()) {
            throw new ProcessorException("social copy needs a description");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String word : description.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 4 && !STOP.contains(word) && tags.size() < 5) {
                tags.add("#" + word);
            }
        }
        String sentence = description.split("(?<=[.!?])\\s+")[0];
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        ObjectNode platforms = out.putObject("platforms");
        for (JsonNode platform : p.path("platforms")) {
            String name = platform.asText();
            int limit = TITLE_LIMIT.getOrDefault(name, 100);
            ObjectNode copy = platforms.putObject(name);
            copy.put("title", sentence.length() <= limit ? sentence : sentence.substring(0, limit - 1).strip() + "…");
            copy.put("description", description);
            ArrayNode hashtags = copy.putArray("hashtags");
            tags.forEach(hashtags::add);
            hashtags.add("#" + name.replace("square", "video"));
        }
        return out;
    }
}
