package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A node of a run started (one event per forEach item). */
public record NodeStarted(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, UUID taskId) implements WorkflowEvent {

    public static final String TYPE = "NodeStarted";

    public NodeStarted {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
        Require.text(nodeId, "nodeId");
        Require.text(nodeType, "nodeType");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static NodeStarted of(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, UUID taskId) {
        return new NodeStarted(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, nodeId, nodeType, itemIndex, taskId);
    }
}
