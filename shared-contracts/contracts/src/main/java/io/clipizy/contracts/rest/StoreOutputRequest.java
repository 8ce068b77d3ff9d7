package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import java.util.UUID;

/**
 * generation-gateway → media-service: the metadata sent with the bytes of one generated output. Idempotent by
 * {@code taskId} + {@code outputIndex}: a repeat returns the asset stored the first time.
 */
public record StoreOutputRequest(UUID taskId, int outputIndex, String ownerId, UUID projectId, MediaKind kind,
                                 MediaRole role, String fileName) {
    public StoreOutputRequest {
        Require.present(taskId, "taskId");
        Require.nonNegative(outputIndex, "outputIndex");
        Require.text(ownerId, "ownerId");
        Require.present(kind, "kind");
        role = role == null ? MediaRole.GENERATED : role;
    }
}
