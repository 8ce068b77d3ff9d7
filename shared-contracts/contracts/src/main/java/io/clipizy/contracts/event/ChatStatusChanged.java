package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A chat's status changed (e.g. a run started or finished). */
public record ChatStatusChanged(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, String status, UUID runId) implements ChatEvent {

    public static final String TYPE = "ChatStatusChanged";

    public ChatStatusChanged {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(projectId, "projectId");
        Require.present(chatId, "chatId");
        Require.text(status, "status");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static ChatStatusChanged of(String ownerId, UUID projectId, UUID chatId, String status, UUID runId) {
        return new ChatStatusChanged(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, status, runId);
    }

    @Override
    public String key() {
        return chatId.toString();
    }
}
