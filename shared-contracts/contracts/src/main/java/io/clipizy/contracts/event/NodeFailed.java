package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A node of a run failed. */
public record NodeFailed(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, ErrorInfo error) implements WorkflowEvent {

    public static final String TYPE = "NodeFailed";

    public NodeFailed {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
        Require.text(nodeId, "nodeId");
        Require.text(nodeType, "nodeType");
        Require.present(error, "error");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static NodeFailed of(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, ErrorInfo error) {
        return new NodeFailed(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, nodeId, nodeType, itemIndex, error);
    }
}
