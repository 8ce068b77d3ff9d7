package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The question the assistant puts to the LLM about a message: a system prompt that describes the workflows on offer,
 * the person's words (and what was gathered before), and the JSON Schema of the answer — a workflow id and the inputs
 * the message states or clearly implies, each field typed as the workflows declare it.
 */
final class IntentPrompt {
    private IntentPrompt() {
    }

    static String system(String projectType, JsonNode workflows) {
        StringBuilder b = new StringBuilder("""
                You are the producer assistant of Clipizy, a studio that makes music videos, video clips, ads, social \
                posts and images. Read what the person wants and choose the one workflow that makes it, then fill in \
                that workflow's inputs from what they said or clearly implied: a format ("vertical", "TikTok" is 9:16), \
                a quality ("4K" is 2160p), a length in seconds, a visual style that fits the mood they describe, and a \
                short description of what the result should show, written from their words. Never invent a value the \
                person gave no hint of; leave it out and they will be asked. Media inputs take only the ids of the files \
                they attached. Answer with one JSON object that matches the schema, and nothing else.
                """);
        b.append("\nThe project makes: ").append(projectType).append(". Workflows on offer:\n");
        for (JsonNode wf : workflows) {
            b.append("- ").append(wf.path("id").asText()).append(": ").append(wf.path("title").asText());
            if (!wf.path("description").asText().isBlank()) {
                b.append(" — ").append(wf.path("description").asText());
            }
            b.append(" Inputs: ");
            StringBuilder fields = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = wf.path("inputs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!fields.isEmpty()) {
                    fields.append(", ");
                }
                fields.append(f.getKey()).append(" (").append(f.getValue().path("type").asText())
                        .append(f.getValue().path("required").asBoolean() ? ", required" : "").append(')');
            }
            b.append(fields).append('\n');
        }
        return b.toString();
    }

    /** The person's message as the LLM reads it: their words, their attachments, and what is already settled. */
    static ArrayNode messages(String text, List<UUID> attachments, JsonNode gathered, String workflowId) {
        StringBuilder content = new StringBuilder(text.strip());
        if (!attachments.isEmpty()) {
            content.append("\n\nAttached files (media ids): ");
            content.append(String.join(", ", attachments.stream().map(UUID::toString).toList()));
        }
        if (gathered != null && gathered.size() > 0) {
            content.append("\n\nAlready settled for ").append(workflowId).append(": ").append(JsonCodec.encode(gathered));
        }
        ArrayNode messages = JsonCodec.mapper().createArrayNode();
        messages.addObject().put("role", "user").put("content", content.toString());
        return messages;
    }

    /** The answer's schema: {@code {workflowId, inputs}} with every input the offered workflows declare, typed. */
    static ObjectNode schema(JsonNode workflows, List<UUID> attachments) {
        ObjectNode schema = JsonCodec.mapper().createObjectNode();
        schema.put("type", "object").put("additionalProperties", false);
        schema.putArray("required").add("workflowId").add("inputs");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode ids = properties.putObject("workflowId").put("type", "string").putArray("enum");
        ObjectNode inputs = properties.putObject("inputs").put("type", "object").put("additionalProperties", false);
        ObjectNode fields = inputs.putObject("properties");
        for (JsonNode wf : workflows) {
            ids.add(wf.path("id").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = wf.path("inputs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode field = field(f.getValue(), attachments);
                if (field == null) {
                    continue;
                }
                JsonNode known = fields.get(f.getKey());
                fields.set(f.getKey(), known == null ? field : widen(known, field));
            }
        }
        return schema;
    }

    /** One input's schema; null for inputs the LLM cannot fill (a media input with nothing attached, a workflow). */
    static ObjectNode field(JsonNode spec, List<UUID> attachments) {
        String type = spec.path("type").asText();
        ObjectNode f = JsonCodec.mapper().createObjectNode();
        switch (type) {
            case "enum" -> f.set("enum", spec.path("options").deepCopy());
            case "text" -> {
                f.put("type", "string").put("minLength", 1);
                if (spec.hasNonNull("maxLength")) {
                    f.put("maxLength", spec.get("maxLength").asInt());
                }
            }
            case "int", "number" -> {
                f.put("type", "int".equals(type) ? "integer" : "number");
                if (spec.hasNonNull("min")) {
                    f.set("minimum", spec.get("min"));
                }
                if (spec.hasNonNull("max")) {
                    f.set("maximum", spec.get("max"));
                }
            }
            case "boolean" -> f.put("type", "boolean");
            case "list:enum" -> {
                f.put("type", "array").putObject("items").set("enum", spec.path("options").deepCopy());
                f.put("uniqueItems", true);
            }
            case "list:color" -> f.put("type", "array").putObject("items").put("type", "string")
                    .put("pattern", "^#[0-9a-fA-F]{6}$");
            default -> {
                if (attachments.isEmpty() || !(type.startsWith("media:") || type.startsWith("list:media:"))) {
                    return null;
                }
                ArrayNode ids = JsonCodec.mapper().createArrayNode();
                attachments.forEach(a -> ids.add(a.toString()));
                if (type.startsWith("media:")) {
                    f.put("type", "string").set("enum", ids);
                } else {
                    f.put("type", "array").putObject("items").put("type", "string").set("enum", ids);
                }
            }
        }
        if (spec.hasNonNull("maxItems") && "array".equals(f.path("type").asText())) {
            f.put("maxItems", spec.get("maxItems").asInt());
        }
        return f;
    }

    /** Two workflows declare the same input differently: accept either (the chosen workflow's rules decide later). */
    private static JsonNode widen(JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.has("enum") && b.has("enum") && !a.has("type") && !b.has("type")) {
            Set<JsonNode> options = new LinkedHashSet<>();
            a.get("enum").forEach(options::add);
            b.get("enum").forEach(options::add);
            ObjectNode merged = JsonCodec.mapper().createObjectNode();
            merged.putArray("enum").addAll(options);
            return merged;
        }
        ObjectNode either = JsonCodec.mapper().createObjectNode();
        ArrayNode anyOf = either.putArray("anyOf");
        if (a.has("anyOf")) {
            anyOf.addAll((ArrayNode) a.get("anyOf"));
        } else {
            anyOf.add(a);
        }
        anyOf.add(b);
        return either;
    }
}
