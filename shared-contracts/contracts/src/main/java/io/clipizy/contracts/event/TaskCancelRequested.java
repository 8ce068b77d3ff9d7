package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A request to cancel a queued or running task. */
public record TaskCancelRequested(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID taskId, UUID runId, String reason) implements GenerationCommand {

    public static final String TYPE = "TaskCancelRequested";

    public TaskCancelRequested {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(taskId, "taskId");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static TaskCancelRequested of(String ownerId, UUID taskId, UUID runId, String reason) {
        return new TaskCancelRequested(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, taskId, runId, reason);
    }
}
