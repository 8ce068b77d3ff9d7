package io.clipizy.chat.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A person's project: what it makes, its name and its settings. */
public record Project(UUID id, String ownerId, ProjectType type, String name, String description, JsonNode settings,
                      Instant createdAt, Instant updatedAt) {
}
