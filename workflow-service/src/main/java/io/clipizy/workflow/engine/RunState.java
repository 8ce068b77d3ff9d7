package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** The mutable part of a run while the engine works on it. */
final class RunState {
    final UUID id;
    final String ownerId;
    final UUID projectId;
    final UUID chatId;
    final String workflowId;
    final JsonNode inputs;
    final Instant deadline;
    UUID parentRunId;
    String parentNodeId;
    int parentItem = -1;
    RunStatus status;
    JsonNode output;
    ErrorInfo error;
    String failedNodeId;
    Instant finishedAt;
    boolean dirty;

    RunState(UUID id, String ownerId, UUID projectId, UUID chatId, String workflowId, JsonNode inputs, Instant deadline,
             RunStatus status) {
        this.id = id;
        this.ownerId = ownerId;
        this.projectId = projectId;
        this.chatId = chatId;
        this.workflowId = workflowId;
        this.inputs = inputs;
        this.deadline = deadline;
        this.status = status;
    }
}
