package io.clipizy.chat.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.MessageRole;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One message of a chat, stored verbatim. */
public record ChatMessage(UUID id, UUID chatId, String ownerId, MessageRole role, String text, List<UUID> attachments,
                          JsonNode actions, String clientMessageId, Instant createdAt) {
}
