package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A project was deleted; its runs are cancelled and its media deleted. */
public record ProjectDeleted(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId) implements ChatEvent {

    public static final String TYPE = "ProjectDeleted";

    public ProjectDeleted {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(projectId, "projectId");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static ProjectDeleted of(String ownerId, UUID projectId) {
        return new ProjectDeleted(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId);
    }

    @Override
    public String key() {
        return projectId.toString();
    }
}
