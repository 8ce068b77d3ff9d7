package io.clipizy.eventhub.domain;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.event.Message;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which replay streams a record belongs to: always its owner's user stream, plus the task, run, chat and project
 * streams of the correlation ids it carries at its top level (whatever its family: the ids come from
 * {@link Message}'s {@code taskId()}, {@code runId()}, {@code chatId()} and {@code projectId()}, which a record type
 * with such a component answers through its accessor, so a new record type that carries a {@code runId} is routed to
 * its run without a change here). Read straight from the record, not from a JSON tree of it: every consumed record is
 * routed.
 */
public final class StreamRouting {
    private StreamRouting() {
    }

    /** The record's streams in key order: the order their cursors are locked in, so two records never deadlock. */
    public static List<StreamKey> streamsOf(Message record) {
        TreeSet<StreamKey> streams = new TreeSet<>();
        streams.add(userStream(record.ownerId()));
        add(streams, StreamKind.TASK, record.taskId());
        add(streams, StreamKind.RUN, record.runId());
        add(streams, StreamKind.CHAT, record.chatId());
        add(streams, StreamKind.PROJECT, record.projectId());
        return List.copyOf(streams);
    }

    private static void add(TreeSet<StreamKey> streams, StreamKind kind, UUID id) {
        if (id != null) {
            streams.add(StreamKey.of(kind, id));
        }
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
