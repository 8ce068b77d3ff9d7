package io.clipizy.eventhub.domain;

import java.time.Instant;
import java.util.UUID;

/** One record as stored in one stream: its cursor there, what it is, and its JSON exactly as it was published. */
public record ReplayEvent(StreamKey stream, long cursor, UUID eventId, String ownerId, String topic, String type,
                          String payload, Instant occurredAt, Instant receivedAt) {
}
