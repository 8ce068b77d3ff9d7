package io.clipizy.gateway.provider;

import io.clipizy.contracts.event.MediaKind;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.util.UUID;

/** Input media of a task, fetched from media-service as the task's owner would see it (another user's id: invalid_input). */
public interface InputMedia {
    /** Downloads the asset into the task's work directory (once per task; repeated calls answer the same file). */
    Uni<LocalMedia> fetch(UUID mediaId);

    record LocalMedia(UUID mediaId, Path file, MediaKind kind, String contentType, long sizeBytes) {
    }
}
