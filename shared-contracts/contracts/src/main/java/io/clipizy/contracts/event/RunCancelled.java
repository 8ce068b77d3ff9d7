package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A run was cancelled; its running tasks are cancelled too. */
public record RunCancelled(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String reason) implements WorkflowEvent {

    public static final String TYPE = "RunCancelled";

    public RunCancelled {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static RunCancelled of(String ownerId, UUID projectId, UUID chatId, UUID runId, String reason) {
        return new RunCancelled(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, reason);
    }
}
