package io.clipizy.chat.domain;

import java.time.Instant;
import java.util.UUID;

/** A conversation in a project, and the state of the run it drives. */
public record Chat(UUID id, UUID projectId, String ownerId, String title, String status, UUID activeRunId,
                   Instant createdAt, Instant updatedAt) {
}
