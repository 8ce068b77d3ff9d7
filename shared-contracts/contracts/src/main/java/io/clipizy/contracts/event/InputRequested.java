package io.clipizy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A display node paused the run and asks the person for an answer. */
public record InputRequested(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, String display, String prompt, JsonNode spec) implements WorkflowEvent {

    public static final String TYPE = "InputRequested";

    public InputRequested {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(runId, "runId");
        Require.text(nodeId, "nodeId");
        Require.text(display, "display");
        Require.text(prompt, "prompt");
        spec = spec == null ? JsonCodec.mapper().createObjectNode() : spec;
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static InputRequested of(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, String display, String prompt, JsonNode spec) {
        return new InputRequested(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, runId, nodeId, display, prompt, spec);
    }
}
