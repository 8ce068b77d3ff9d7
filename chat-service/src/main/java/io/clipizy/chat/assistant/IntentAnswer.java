package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.kit.llm.ModelAnswers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Agent mode's parse and validate steps for the assistant's question: take the gateway's parsed {@code json} (or
 * find the JSON object in the answer's text, past {@code <think>} blocks, code fences and prose), validate it against
 * the schema, then against the rules of the workflow it chose (each input one of that workflow's fields, within its
 * options and limits; media only from the attachments). Problems come back as sentences for the re-ask.
 */
final class IntentAnswer {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private IntentAnswer() {
    }

    /** A usable answer (workflow and inputs), or the problems with it and the answer as the model wrote it. */
    record Checked(String workflowId, ObjectNode inputs, List<String> problems, String answer) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Checks a task's result ({@code {"text", "json"}}) against the request it answers. */
    static Checked check(JsonNode result, LlmRequest request) {
        String answer = result == null ? "" : result.path("text").asText("");
        JsonNode value = result != null && result.path("json").isObject() ? result.get("json") : null;
        if (value == null) {
            String candidate = objectIn(answer);
            if (candidate == null) {
                return invalid(answer, "The answer contained no JSON object. Answer with one JSON object only");
            }
            try {
                value = JsonCodec.mapper().readTree(candidate);
            } catch (Exception e) {
                return invalid(answer, "The JSON could not be read (" + e.getMessage().split("\n")[0] + "). Answer with valid JSON");
            }
        }
        if (answer.isBlank()) {
            answer = JsonCodec.encode(value);
        }
        Set<ValidationMessage> messages = SCHEMAS.getSchema(request.outputSchema()).validate(value);
        if (!messages.isEmpty()) {
            return new Checked(null, null, messages.stream().map(ValidationMessage::getMessage).sorted().toList(), answer);
        }
        String workflowId = value.get("workflowId").asText();
        JsonNode specs = request.workflow(workflowId).path("inputs");
        ObjectNode inputs = (ObjectNode) value.get("inputs");
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            JsonNode spec = specs.get(input.getKey());
            if (spec == null) {
                problems.add("$.inputs." + input.getKey() + ": " + workflowId + " has no input '" + input.getKey() + "'");
                continue;
            }
            ObjectNode own = IntentPrompt.field(spec, request.attachments());
            if (own != null) {
                SCHEMAS.getSchema(own).validate(input.getValue()).forEach(m -> problems.add("$.inputs." + input.getKey()
                        + m.getMessage().replaceFirst("^\\$", "") + " (for " + workflowId + ")"));
            }
        }
        return problems.isEmpty() ? new Checked(workflowId, inputs, List.of(), answer) : new Checked(null, null, problems, answer);
    }

    /**
     * The inputs of a usable reading that also fit {@code specs} (the workflow the conversation goes on with, which
     * may differ from the one the LLM chose when the person named another explicitly).
     */
    static Checked fitting(Checked checked, JsonNode specs, List<UUID> attachments) {
        ObjectNode fit = JsonCodec.mapper().createObjectNode();
        checked.inputs().fields().forEachRemaining(f -> {
            ObjectNode own = specs.has(f.getKey()) ? IntentPrompt.field(specs.get(f.getKey()), attachments) : null;
            if (own != null && SCHEMAS.getSchema(own).validate(f.getValue()).isEmpty()) {
                fit.set(f.getKey(), f.getValue());
            }
        });
        return new Checked(checked.workflowId(), fit, List.of(), checked.answer());
    }

    private static Checked invalid(String answer, String problem) {
        return new Checked(null, null, List.of(problem), answer);
    }

    /** The JSON object in a model's text: past think blocks, inside a code fence, or the first balanced {...}. */
    static String objectIn(String answer) {
        return ModelAnswers.firstBalancedObject(ModelAnswers.unfenced(ModelAnswers.withoutThinking(answer)));
    }

    /** The attachment ids a checked answer placed in media inputs (so the deterministic pass does not place them again). */
    static List<UUID> placedMedia(ObjectNode inputs, JsonNode specs) {
        List<UUID> placed = new ArrayList<>();
        inputs.fields().forEachRemaining(f -> {
            String type = specs.path(f.getKey()).path("type").asText();
            if (type.startsWith("media:")) {
                placed.add(UUID.fromString(f.getValue().asText()));
            } else if (type.startsWith("list:media:")) {
                f.getValue().forEach(v -> placed.add(UUID.fromString(v.asText())));
            }
        });
        return placed;
    }
}
