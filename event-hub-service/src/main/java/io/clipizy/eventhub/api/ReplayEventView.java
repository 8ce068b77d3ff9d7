package io.clipizy.eventhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.eventhub.domain.ReplayEvent;
import java.time.Instant;
import java.util.UUID;

/** One replayed event: its cursor in the stream, what it is, and the record as it was published. */
public record ReplayEventView(long cursor, UUID eventId, String topic, String type, Instant occurredAt, JsonNode payload) {

    public static ReplayEventView of(ReplayEvent e) {
        return new ReplayEventView(e.cursor(), e.eventId(), e.topic(), e.type(), e.occurredAt(),
                JsonCodec.decode(e.payload(), JsonNode.class));
    }
}
