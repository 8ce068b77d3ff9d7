package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code caption_lines}: timed caption lines from a text. Lines break at word boundaries within {@code maxChars}
 * (sentence ends start a new line) and share the duration in proportion to their length, so reading speed is even.
 */
public class CaptionLines implements Processor {
    @Override
    public String name() {
        return "caption_lines";
    }

    @Override
    public JsonNode run(JsonNode p) {
        String text = p.path("text").asText("").strip();
        double duration = p.path("duration").asDouble(0);
        int maxChars = Math.max(10, p.path("maxChars").asInt(42));
        double start = p.path("start").asDouble(0);
        if (!(duration > 0)) {
            throw new ProcessorException("captions need a duration above 0 seconds");
        }
        List<String> lines = lines(text, maxChars);
        int total = lines.stream().mapToInt(String::length).sum();
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        ArrayNode array = out.putArray("lines");
        double t = start;
        for (String line : lines) {
            double length = duration * line.length() / Math.max(1, total);
            array.addObject().put("text", line).put("start", ScenePlan.round(t)).put("end", ScenePlan.round(t + length));
            t += length;
        }
        return out;
    }

    static List<String> lines(String text, int maxChars) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > maxChars) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (word.length() > maxChars) {
                lines.add(word.substring(0, maxChars));
                word = word.substring(maxChars);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
            if (word.endsWith(".") || word.endsWith("!") || word.endsWith("?")) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
