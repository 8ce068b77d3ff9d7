package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the assistant asked the LLM about one message, kept with the chat while it thinks: the task (id, attempt,
 * deadline), the message it reads, the workflows it chooses among, and the conversation sent so far (re-asks append
 * the model's answer and the problems found in it).
 */
public record LlmRequest(UUID taskId, int attempt, Instant deadline, UUID projectId, String projectType, UUID messageId,
                         String text, List<UUID> attachments, String priorPhase, JsonNode workflows, String system,
                         ArrayNode messages, JsonNode outputSchema) {

    /** The next attempt: the same question with the model's answer and what was wrong with it appended. */
    LlmRequest reask(UUID newTaskId, Instant newDeadline, String answer, List<String> problems) {
        ArrayNode conversation = messages.deepCopy();
        conversation.addObject().put("role", "assistant").put("content", answer);
        conversation.addObject().put("role", "user").put("content", "Your answer was not usable: " + String.join("; ", problems)
                + ". Answer again with one JSON object that matches the schema.");
        return new LlmRequest(newTaskId, attempt + 1, newDeadline, projectId, projectType, messageId, text, attachments,
                priorPhase, workflows, system, conversation, outputSchema);
    }

    /** The workflow summary with this id among those offered, or null. */
    JsonNode workflow(String id) {
        for (JsonNode wf : workflows) {
            if (wf.path("id").asText().equals(id)) {
                return wf;
            }
        }
        return null;
    }
}
