package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A media asset became READY in storage. */
public record MediaStored(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID assetId, MediaKind kind, MediaRole role, String contentType, long sizeBytes, String sha256, Double durationSeconds, Integer width, Integer height, UUID taskId) implements MediaEvent {

    public static final String TYPE = "MediaStored";

    public MediaStored {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(assetId, "assetId");
        Require.present(kind, "kind");
        Require.present(role, "role");
        Require.text(contentType, "contentType");
        Require.nonNegative(sizeBytes, "sizeBytes");
        Require.text(sha256, "sha256");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static MediaStored of(String ownerId, UUID projectId, UUID assetId, MediaKind kind, MediaRole role, String contentType, long sizeBytes, String sha256, Double durationSeconds, Integer width, Integer height, UUID taskId) {
        return new MediaStored(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, assetId, kind, role, contentType, sizeBytes, sha256, durationSeconds, width, height, taskId);
    }
}
