package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import java.time.Instant;
import java.util.UUID;

/** One media file: who owns it, what it is (measured from its bytes), where its bytes lie in S3, and its state. */
public record MediaAsset(UUID id, String ownerId, UUID projectId, MediaKind kind, MediaRole role, String contentType,
                         long sizeBytes, String sha256, String fileName, String s3Key, AssetStatus status,
                         MediaFacts facts, UUID taskId, Integer outputIndex, Instant createdAt, Instant deletedAt) {
    public MediaAsset {
        facts = facts == null ? MediaFacts.NONE : facts;
    }

    /** The event announcing that this asset is READY. */
    public MediaStored stored() {
        return MediaStored.of(ownerId, projectId, id, kind, role, contentType, sizeBytes, sha256, facts.durationSeconds(),
                facts.width(), facts.height(), taskId);
    }

    /** The event announcing that this asset was deleted. */
    public MediaDeleted deleted() {
        return MediaDeleted.of(ownerId, projectId, id);
    }
}
