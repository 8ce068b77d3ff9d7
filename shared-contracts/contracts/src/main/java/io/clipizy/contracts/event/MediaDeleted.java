package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A media asset was deleted. */
public record MediaDeleted(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID assetId) implements MediaEvent {

    public static final String TYPE = "MediaDeleted";

    public MediaDeleted {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(assetId, "assetId");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static MediaDeleted of(String ownerId, UUID projectId, UUID assetId) {
        return new MediaDeleted(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, assetId);
    }
}
