package io.clipizy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A run finished with its output. */
public record RunSucceeded(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, JsonNode output, Long actualCredits) implements WorkflowEvent {

    public static final String TYPE = "RunSucceeded";

    public RunSucceeded {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static RunSucceeded of(String ownerId, UUID projectId, UUID chatId, UUID runId, JsonNode output, Long actualCredits) {
        return new RunSucceeded(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, output, actualCredits);
    }
}
