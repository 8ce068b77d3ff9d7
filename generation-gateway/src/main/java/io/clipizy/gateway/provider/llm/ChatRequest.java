package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat request in the providers' common terms.
 *
 * @param json        the answer must be one JSON object (JSON mode, or schema mode when {@code schema} is set)
 * @param schema      the JSON Schema the answer must match (schema mode), or null
 * @param temperature null for the provider's default
 * @param seed        null for none
 */
public record ChatRequest(List<ChatMessage> messages, boolean json, JsonNode schema, Double temperature, Long seed) {
    public ChatRequest {
        messages = List.copyOf(messages);
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(m -> !m.images().isEmpty());
    }
}
