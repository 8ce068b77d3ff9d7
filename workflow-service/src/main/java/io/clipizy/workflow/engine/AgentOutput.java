package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.kit.llm.ModelAnswers;
import java.util.List;
import java.util.Set;

/**
 * Agent mode's parse and validate steps (from the original generator service): strip {@code <think>...</think>}
 * blocks, find the JSON object even inside a code fence or prose, and validate it against the node's schema. The
 * problems come back as sentences to append to the conversation when re-asking.
 */
public final class AgentOutput {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private AgentOutput() {
    }

    /** The parsed JSON when it is valid, else the problems (never both). */
    public record Parsed(JsonNode value, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** The model's answer as text: a string result, or the {@code text}/{@code content} field of an object result. */
    public static String text(JsonNode result) {
        if (result == null || result.isNull()) {
            return "";
        }
        if (result.isTextual()) {
            return result.asText();
        }
        for (String field : List.of("text", "content", "message")) {
            if (result.path(field).isTextual()) {
                return result.get(field).asText();
            }
        }
        return result.toString();
    }

    public static Parsed parse(String answer, JsonNode schema) {
        String candidate = ModelAnswers.firstBalancedObject(ModelAnswers.unfenced(ModelAnswers.withoutThinking(answer)));
        if (candidate == null) {
            return new Parsed(null, List.of("The answer contained no JSON object. Answer with one JSON object only."));
        }
        JsonNode value;
        try {
            value = JsonCodec.mapper().readTree(candidate);
        } catch (Exception e) {
            return new Parsed(null, List.of("The JSON could not be read (" + e.getMessage().split("\n")[0] + "). Answer with valid JSON."));
        }
        JsonSchema compiled = FACTORY.getSchema(schema);
        Set<ValidationMessage> messages = compiled.validate(value);
        if (!messages.isEmpty()) {
            return new Parsed(null, messages.stream().map(ValidationMessage::getMessage).sorted().toList());
        }
        return new Parsed(value, List.of());
    }
}
