package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import io.clipizy.contracts.event.MediaKind;
import java.util.UUID;

/** media-service's answer for a stored asset: its id and the facts measured from its bytes. */
public record StoredMedia(UUID assetId, String ownerId, MediaKind kind, String contentType, long sizeBytes, String sha256) {
    public StoredMedia {
        Require.present(assetId, "assetId");
        Require.text(ownerId, "ownerId");
        Require.present(kind, "kind");
        Require.text(contentType, "contentType");
        Require.nonNegative(sizeBytes, "sizeBytes");
        Require.text(sha256, "sha256");
    }
}
