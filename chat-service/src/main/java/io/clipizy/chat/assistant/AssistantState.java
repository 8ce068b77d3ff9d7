package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Where the assistant stands in one chat (see V2__assistant_state.sql). */
public record AssistantState(UUID chatId, String ownerId, String phase, String workflowId, ObjectNode inputs,
                             String pendingField, UUID runId, String awaitingNode, JsonNode awaiting) {

    AssistantState with(String newPhase, String newWorkflow, ObjectNode newInputs, String newPending, UUID newRun,
                        String newAwaitingNode, JsonNode newAwaiting) {
        return new AssistantState(chatId, ownerId, newPhase, newWorkflow, newInputs, newPending, newRun, newAwaitingNode, newAwaiting);
    }
}
