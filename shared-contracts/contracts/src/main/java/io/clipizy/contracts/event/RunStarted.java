package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A workflow run began. */
public record RunStarted(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String workflowId, int workflowVersion, Long estimatedCredits) implements WorkflowEvent {

    public static final String TYPE = "RunStarted";

    public RunStarted {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
        Require.text(workflowId, "workflowId");
        Require.positive(workflowVersion, "workflowVersion");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static RunStarted of(String ownerId, UUID projectId, UUID chatId, UUID runId, String workflowId, int workflowVersion, Long estimatedCredits) {
        return new RunStarted(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, workflowId, workflowVersion, estimatedCredits);
    }
}
