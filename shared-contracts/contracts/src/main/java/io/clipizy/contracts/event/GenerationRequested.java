package io.clipizy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A command to run one task; duplicates with the same task id are no-ops. */
public record GenerationRequested(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex, UUID taskId, TaskKind kind, String provider, JsonNode params, Instant deadline, int attempt) implements GenerationCommand {

    public static final String TYPE = "GenerationRequested";

    public GenerationRequested {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(taskId, "taskId");
        Require.present(kind, "kind");
        params = params == null ? JsonCodec.mapper().createObjectNode() : params;
        Require.positive(attempt, "attempt");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static GenerationRequested of(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex, UUID taskId, TaskKind kind, String provider, JsonNode params, Instant deadline, int attempt) {
        return new GenerationRequested(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, nodeId, itemIndex, taskId, kind, provider, params, deadline, attempt);
    }
}
