package io.clipizy.chat.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's project: what it makes, its name and its settings; its status derived from its runs ({@code draft},
 * {@code in_progress}, {@code needs_input}, {@code completed}, {@code failed}) and its cover image (the latest final or
 * generated image, or video thumbnail, stored for it).
 */
public record Project(UUID id, String ownerId, ProjectType type, String name, String description, JsonNode settings,
                      String status, UUID coverMediaId, Instant createdAt, Instant updatedAt) {

    /** A new project: a draft with no cover yet. */
    public static Project draft(UUID id, String ownerId, ProjectType type, String name, String description, JsonNode settings) {
        return new Project(id, ownerId, type, name, description, settings, "draft", null, Instant.now(), Instant.now());
    }
}
