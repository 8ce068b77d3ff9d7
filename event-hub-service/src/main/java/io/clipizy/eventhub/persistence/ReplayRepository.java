package io.clipizy.eventhub.persistence;

import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StoredEvent;
import io.clipizy.eventhub.domain.StreamKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The replay store in PostgreSQL: per-stream cursors and the events of each stream. */
@ApplicationScoped
public class ReplayRepository {
    /**
     * Records a batch's event ids in the inbox in one statement; answers those seen for the first time (an id that is
     * twice in the batch is answered once, and must be applied once).
     */
    private static final String FIRST_DELIVERIES = """
            INSERT INTO inbox (consumer, event_id) SELECT $1::text, id FROM unnest($2::uuid[]) AS t(id)
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    /**
     * Takes {@code n} consecutive cursors in each stream of a batch (creating a stream, owned by the given owner, at
     * cursor n) in one statement, in stream key order so concurrent writers lock the cursor rows in the same order and
     * never deadlock. Answers each stream's new last cursor; a stream that belongs to someone else is not answered and
     * takes no cursor. The rows stay locked until commit, so a stream's events become visible in cursor order.
     */
    private static final String ALLOCATE = """
            INSERT INTO stream_cursor (stream_key, owner_id, last_cursor)
            SELECT k, o, n FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(k, o, n) ORDER BY k
            ON CONFLICT (stream_key) DO UPDATE SET last_cursor = stream_cursor.last_cursor + EXCLUDED.last_cursor
            WHERE stream_cursor.owner_id = EXCLUDED.owner_id
            RETURNING stream_key, last_cursor""";

    /**
     * Stores a batch's rows in one statement: ($1, $2, $3) name each row's stream, cursor and record (1-based index
     * into the record arrays $4..$9), so a record stored in several streams is sent once. Inserted in stream and cursor
     * order, so received_at (clock_timestamp()) grows with the cursor.
     */
    private static final String INSERT_EVENTS = """
            INSERT INTO replay_event (stream_key, cursor, event_id, owner_id, topic, type, payload, occurred_at)
            SELECT s.k, s.c, r.id, r.owner, r.topic, r.type, r.payload, r.at
            FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS s(k, c, i)
            JOIN unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
                WITH ORDINALITY AS r(id, owner, topic, type, payload, at, i) ON r.i = s.i
            ORDER BY s.k, s.c""";

    /**
     * {@link #INSERT_EVENTS} and the batch's announcements on the live channel ($10, $11) in one statement, one round
     * trip: the insert runs whether or not its CTE is read, and a failing insert fails the whole statement. PostgreSQL
     * delivers the notifications at commit, in commit order.
     */
    private static final String INSERT_AND_ANNOUNCE = "WITH stored AS (" + INSERT_EVENTS + """
            )
            SELECT pg_notify($10::text, n) FROM unnest($11::text[]) AS t(n)""";

    /**
     * A whole batch in one statement, one round trip, its own (implicit) transaction: the inbox takes the event ids
     * ($1 consumer, $2 ids; the caller sends each id once), the streams of the records seen for the first time take
     * their blocks of consecutive cursors (the rows locked in key order, as {@link #ALLOCATE}), the rows go in (as
     * {@link #INSERT_EVENTS}) and each stream's cursor range is announced on channel $10, at commit. ($3, $4) name each
     * record's streams (1-based record index); $5..$9 are the records' owners, topics, types, payloads and times. Only
     * for a batch whose every stream has a single owner among its records: the one owner is the only one to try, and a
     * stream of someone else's takes nothing. The announcements are {@code {"from":$12,"ranges":[[owner,stream,
     * first,last],...]}}, cut where their JSON, counted exactly per range, would pass $11 bytes; a notification then
     * holds at most $11 bytes plus one range (at most about 2.1 kB: two 255-character ids, each character escaped to
     * at most 4 bytes) plus its envelope, below PostgreSQL's 8000-byte limit for $11 up to 5,500.
     * Answers (stream, cursor, record index) for each stored row, (stream, null, record index) for a record kept out of
     * a stream of another user, and one last row (null, number of notifications sent, null) that also makes sure the
     * notifications are sent; stored rows come in stream and cursor order.
     */
    private static final String STORE_BATCH = """
            WITH fresh AS (
                INSERT INTO inbox (consumer, event_id) SELECT $1::text, id FROM unnest($2::uuid[]) AS t(id)
                ON CONFLICT DO NOTHING
                RETURNING event_id),
            rec AS (
                SELECT * FROM unnest($2::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
                    WITH ORDINALITY AS r(id, owner, topic, type, payload, at, i)),
            pair AS (
                SELECT p.k, p.i, r.owner, row_number() OVER (PARTITION BY p.k ORDER BY p.i) AS n
                FROM unnest($3::text[], $4::bigint[]) AS p(k, i) JOIN rec r ON r.i = p.i
                WHERE r.id IN (SELECT event_id FROM fresh)),
            share AS (
                SELECT k, min(owner) AS owner, count(*) AS n FROM pair GROUP BY k),
            allocated AS (
                INSERT INTO stream_cursor (stream_key, owner_id, last_cursor)
                SELECT k, owner, n FROM share ORDER BY k
                ON CONFLICT (stream_key) DO UPDATE SET last_cursor = stream_cursor.last_cursor + EXCLUDED.last_cursor
                WHERE stream_cursor.owner_id = EXCLUDED.owner_id
                RETURNING stream_key, last_cursor),
            placed AS (
                SELECT p.k, a.last_cursor - s.n + p.n AS c, p.i, p.owner
                FROM pair p JOIN share s ON s.k = p.k JOIN allocated a ON a.stream_key = p.k),
            stored AS (
                INSERT INTO replay_event (stream_key, cursor, event_id, owner_id, topic, type, payload, occurred_at)
                SELECT w.k, w.c, r.id, r.owner, r.topic, r.type, r.payload, r.at FROM placed w JOIN rec r ON r.i = w.i
                ORDER BY w.k, w.c),
            span AS (
                SELECT k, json_build_array(owner, k, min(c), max(c)) AS range,
                       octet_length(to_json(owner)::text) + octet_length(to_json(k)::text) + 50 AS size
                FROM placed GROUP BY k, owner),
            cut AS (
                SELECT k, range, (sum(size) OVER (ORDER BY k) - 1) / $11::bigint AS part FROM span),
            announced AS (
                SELECT pg_notify($10::text, '{"from":"' || $12::text || '","ranges":' || json_agg(range ORDER BY k)::text || '}')
                FROM cut GROUP BY part)
            SELECT k, c, i FROM placed
            UNION ALL SELECT k, NULL, i FROM pair WHERE k NOT IN (SELECT stream_key FROM allocated)
            UNION ALL SELECT NULL, count(*), NULL FROM announced
            ORDER BY 1, 2""";

    /** The events of several streams' cursor ranges, in stream and cursor order. */
    private static final String RANGES = """
            SELECT e.stream_key, e.cursor, e.owner_id, e.payload FROM replay_event e
            JOIN unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(k, lo, hi)
                ON e.stream_key = r.k AND e.cursor BETWEEN r.lo AND r.hi
            ORDER BY e.stream_key, e.cursor""";

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

    /** See {@link #FIRST_DELIVERIES}. */
    public Uni<Set<UUID>> firstDeliveries(SqlConnection tx, String consumer, UUID[] eventIds) {
        return tx.preparedQuery(FIRST_DELIVERIES).execute(Tuple.from(new Object[]{consumer, eventIds})).map(rows -> {
            Set<UUID> first = new HashSet<>(rows.rowCount() * 2);
            rows.forEach(r -> first.add(r.getUUID(0)));
            return first;
        });
    }

    /** See {@link #ALLOCATE}; {@code streams} must be in key order. Answers each allocated stream's new last cursor. */
    public Uni<Map<String, Long>> allocate(SqlConnection tx, String[] streams, String[] owners, Long[] counts) {
        return tx.preparedQuery(ALLOCATE).execute(Tuple.from(new Object[]{streams, owners, counts})).map(rows -> {
            Map<String, Long> last = new HashMap<>(rows.rowCount() * 2);
            rows.forEach(r -> last.put(r.getString(0), r.getLong(1)));
            return last;
        });
    }

    /** The records of a batch, each sent once, and the rows that store them in their streams (see {@link #INSERT_EVENTS}). */
    public record EventRows(String[] streams, Long[] cursors, Long[] recordIndexes, Records records) {
    }

    /**
     * Stores the rows and sends the announcements on the channel, in the caller's transaction (delivered when it
     * commits), in one statement (see {@link #INSERT_AND_ANNOUNCE}).
     */
    public Uni<Void> insertAndAnnounce(SqlConnection tx, EventRows rows, String channel, String[] announcements) {
        return tx.preparedQuery(INSERT_AND_ANNOUNCE)
                .execute(Tuple.from(new Object[]{rows.streams(), rows.cursors(), rows.recordIndexes(),
                        rows.records().eventIds(), rows.records().owners(), rows.records().topics(),
                        rows.records().types(), rows.records().payloads(), rows.records().occurredAt(), channel,
                        announcements}))
                .replaceWithVoid();
    }

    /** A batch's records, each event id once: the columns of {@link #STORE_BATCH}'s records, index for index. */
    public record Records(UUID[] eventIds, String[] owners, String[] topics, String[] types, String[] payloads,
                          OffsetDateTime[] occurredAt) {
    }

    /**
     * One stored row of {@link #storeBatch}: the record (0-based index into the batch sent) stored in the stream at the
     * cursor, or, where cursor is null, kept out of a stream of another user.
     */
    public record Placed(String stream, Long cursor, int record) {
    }

    /**
     * Stores a batch in one statement, its own transaction (see {@link #STORE_BATCH}); {@code streams[j]} holds record
     * {@code records[j]} (0-based index into the batch). Each event id at most once; each stream only one owner's.
     * Answers the placed rows, stored ones in stream and cursor order.
     */
    public Uni<List<Placed>> storeBatch(SqlClient client, String consumer, Records batch, String[] streams,
                                        int[] records, String channel, String instance, int announcementBytes) {
        Long[] indexes = new Long[records.length];
        for (int j = 0; j < records.length; j++) {
            indexes[j] = records[j] + 1L;
        }
        return client.preparedQuery(STORE_BATCH)
                .execute(Tuple.from(new Object[]{consumer, batch.eventIds(), streams, indexes, batch.owners(),
                        batch.topics(), batch.types(), batch.payloads(), batch.occurredAt(), channel,
                        (long) announcementBytes, instance}))
                .map(rows -> {
                    List<Placed> placed = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        String stream = r.getString(0);
                        if (stream != null) {
                            placed.add(new Placed(stream, r.getLong(1), (int) (r.getLong(2) - 1)));
                        }
                    }
                    return placed;
                });
    }

    /** The stored events of the streams' cursor ranges {@code from[i] .. to[i]}, in stream and cursor order. */
    public Uni<List<StoredEvent>> ranges(SqlClient client, String[] streams, Long[] from, Long[] to) {
        return client.preparedQuery(RANGES).execute(Tuple.from(new Object[]{streams, from, to})).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.rowCount());
            for (Row r : rows) {
                events.add(new StoredEvent(StreamKey.parse(r.getString(0)).orElseThrow(), r.getLong(1), r.getString(2),
                        r.getString(3)));
            }
            return events;
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
