package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A run failed; the failed node and the reason are given. */
public record RunFailed(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String failedNodeId, ErrorInfo error) implements WorkflowEvent {

    public static final String TYPE = "RunFailed";

    public RunFailed {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
        Require.present(error, "error");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static RunFailed of(String ownerId, UUID projectId, UUID chatId, UUID runId, String failedNodeId, ErrorInfo error) {
        return new RunFailed(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, failedNodeId, error);
    }
}
