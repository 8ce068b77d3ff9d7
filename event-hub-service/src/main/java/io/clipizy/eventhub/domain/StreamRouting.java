package io.clipizy.eventhub.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.Message;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which replay streams a record belongs to: always its owner's user stream, plus the task, run, chat and project
 * streams of the correlation ids it carries at its top level (whatever its family, so a new record type that carries
 * a {@code runId} is routed to its run without a change here).
 */
public final class StreamRouting {
    private StreamRouting() {
    }

    /** The record's streams in key order: the order their cursors are locked in, so two records never deadlock. */
    public static List<StreamKey> streamsOf(Message record) {
        TreeSet<StreamKey> streams = new TreeSet<>();
        streams.add(userStream(record.ownerId()));
        JsonNode fields = JsonCodec.tree(record);
        for (StreamKind kind : StreamKind.values()) {
            JsonNode id = kind.idField() == null ? null : fields.get(kind.idField());
            if (id != null && id.isTextual()) {
                streams.add(StreamKey.of(kind, UUID.fromString(id.asText())));
            }
        }
        return List.copyOf(streams);
    }

    private static StreamKey userStream(String ownerId) {
        try {
            return StreamKey.user(ownerId);
        } catch (IllegalArgumentException e) {
            // Without a usable owner the record cannot be routed to anyone safely: it is a contract violation.
            throw new ContractViolationException("ownerId", "field 'ownerId' cannot name a user stream");
        }
    }
}
