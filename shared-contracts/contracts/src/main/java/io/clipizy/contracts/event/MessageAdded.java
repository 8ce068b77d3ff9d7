package io.clipizy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message was added to a chat (by the person, the assistant or the system). */
public record MessageAdded(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID messageId, MessageRole role, String text, List<UUID> attachments, JsonNode actions) implements ChatEvent {

    public static final String TYPE = "MessageAdded";

    public MessageAdded {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(projectId, "projectId");
        Require.present(chatId, "chatId");
        Require.present(messageId, "messageId");
        Require.present(role, "role");
        Require.present(text, "text");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static MessageAdded of(String ownerId, UUID projectId, UUID chatId, UUID messageId, MessageRole role, String text, List<UUID> attachments, JsonNode actions) {
        return new MessageAdded(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, projectId, chatId, messageId, role, text, attachments, actions);
    }

    @Override
    public String key() {
        return chatId.toString();
    }
}
