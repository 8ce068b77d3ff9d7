package io.clipizy.eventhub.persistence;

import io.clipizy.contracts.event.Message;
import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StreamKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The replay store in PostgreSQL: per-stream cursors and the events of each stream. */
@ApplicationScoped
public class ReplayRepository {
    /**
     * Takes the stream's next cursor (creating the stream, owned by the record's owner, at cursor 1) and stores the
     * record there, in one statement. The cursor row stays locked until commit, so the stream's events become visible in
     * cursor order. A stream that belongs to someone else, or already holds the record, takes no cursor and stores
     * nothing, so a stream's cursors have no gaps.
     */
    private static final String APPEND = """
            WITH next AS (
                INSERT INTO stream_cursor (stream_key, owner_id, last_cursor)
                SELECT $1::text, $2::text, 1
                WHERE NOT EXISTS (SELECT 1 FROM replay_event WHERE stream_key = $1 AND event_id = $3::uuid)
                ON CONFLICT (stream_key) DO UPDATE SET last_cursor = stream_cursor.last_cursor + 1
                WHERE stream_cursor.owner_id = EXCLUDED.owner_id
                RETURNING last_cursor)
            INSERT INTO replay_event (stream_key, cursor, event_id, owner_id, topic, type, payload, occurred_at)
            SELECT $1, last_cursor, $3, $2, $4::text, $5::text, $6::text, $7::timestamptz FROM next
            ON CONFLICT (stream_key, event_id) DO NOTHING
            RETURNING cursor""";

    /**
     * Deletes up to a batch of events that are both older than the window and behind their stream's most recent
     * events. A stream's cursors have no gaps and pruning removes its oldest first, so "behind the most recent N" is
     * "at or below last_cursor - N".
     */
    private static final String PRUNE = """
            DELETE FROM replay_event WHERE (stream_key, cursor) IN (
                SELECT e.stream_key, e.cursor FROM replay_event e JOIN stream_cursor c ON c.stream_key = e.stream_key
                WHERE e.received_at < now() - make_interval(secs => $1) AND e.cursor <= c.last_cursor - $2
                LIMIT $3)""";

    private static final String COLUMNS = "stream_key, cursor, event_id, owner_id, topic, type, payload, occurred_at, received_at";

    /** Stores the record in the stream; answers its cursor there, or null when the stream belongs to another user. */
    public Uni<Long> append(SqlConnection tx, StreamKey stream, Message record, String payload) {
        return tx.preparedQuery(APPEND)
                .execute(Tuple.from(new Object[]{stream.toString(), record.ownerId(), record.eventId(), record.topic(),
                        record.type(), payload, record.occurredAt().atOffset(ZoneOffset.UTC)}))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? it.next().getLong("cursor") : null;
                });
    }

    /** The user the stream belongs to, or null when no event was ever stored in it. */
    public Uni<String> owner(SqlClient client, StreamKey stream) {
        return client.preparedQuery("SELECT owner_id FROM stream_cursor WHERE stream_key = $1")
                .execute(Tuple.of(stream.toString()))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? it.next().getString("owner_id") : null;
                });
    }

    /** The stream's owner and last cursor handed out, or null when no event was ever stored in it. */
    public Uni<StreamHead> head(SqlClient client, StreamKey stream) {
        return client.preparedQuery("SELECT owner_id, last_cursor FROM stream_cursor WHERE stream_key = $1")
                .execute(Tuple.of(stream.toString()))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new StreamHead(row.getString("owner_id"), row.getLong("last_cursor"));
                });
    }

    /** The owner's events of the stream after the cursor, in cursor order, at most {@code limit}. */
    public Uni<List<ReplayEvent>> after(SqlClient client, StreamKey stream, String ownerId, long cursor, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM replay_event "
                        + "WHERE stream_key = $1 AND owner_id = $2 AND cursor > $3 ORDER BY cursor LIMIT $4")
                .execute(Tuple.of(stream.toString(), ownerId, cursor, limit))
                .map(rows -> {
                    List<ReplayEvent> events = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> events.add(map(stream, r)));
                    return events;
                });
    }

    /** The oldest cursor still stored in the stream, or null when pruning emptied it. */
    public Uni<Long> oldestCursor(SqlClient client, StreamKey stream) {
        return client.preparedQuery("SELECT min(cursor) FROM replay_event WHERE stream_key = $1")
                .execute(Tuple.of(stream.toString()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Deletes one batch of expired events (see {@link #PRUNE}); answers how many were deleted. */
    public Uni<Integer> pruneBatch(SqlClient client, Duration window, int minEvents, int batchSize) {
        return client.preparedQuery(PRUNE)
                .execute(Tuple.of(window.toMillis() / 1000.0, minEvents, batchSize))
                .map(rows -> rows.rowCount());
    }

    private static ReplayEvent map(StreamKey stream, Row r) {
        return new ReplayEvent(stream, r.getLong("cursor"), r.getUUID("event_id"), r.getString("owner_id"),
                r.getString("topic"), r.getString("type"), r.getString("payload"),
                r.getOffsetDateTime("occurred_at").toInstant(), r.getOffsetDateTime("received_at").toInstant());
    }
}
