package io.clipizy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A node of a run succeeded with its output. */
public record NodeSucceeded(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, JsonNode output) implements WorkflowEvent {

    public static final String TYPE = "NodeSucceeded";

    public NodeSucceeded {
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
    public static NodeSucceeded of(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, String nodeType, Integer itemIndex, JsonNode output) {
        return new NodeSucceeded(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, nodeId, nodeType, itemIndex, output);
    }
}
