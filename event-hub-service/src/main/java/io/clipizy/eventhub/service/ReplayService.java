package io.clipizy.eventhub.service;

import io.clipizy.contracts.event.Message;
import io.clipizy.eventhub.domain.IncomingRecord;
import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.ReplaySlice;
import io.clipizy.eventhub.domain.StoredEvent;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import io.clipizy.eventhub.live.LiveFeed;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Stores consumed records in their replay streams, and replays a stream to its owner after a cursor. */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    @Inject
    ReplayRepository replay;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Pool pool;

    @Inject
    LiveFeed feed;

    /**
     * Stores a batch of consumed records, whatever its size, in one statement — one round trip, its own transaction
     * ({@link ReplayRepository#storeBatch}): the inbox takes the batch's event ids at once (a record seen before, or
     * twice in the batch, is applied once); each stream the new records touch takes as many consecutive cursors as it
     * gets records, its cursor row locked in key order until commit; the rows go in, and the announcements (one per
     * stream range, not per event) that tell the other instances at commit. Within a stream, records keep their order
     * in the batch (Kafka's order per partition). A record naming a stream of another user is not stored there. A batch
     * in which one stream gets records of two owners (a producer's mistake or an attempt at another user's stream)
     * goes the longer way, a transaction of a few statements ({@link #storeInSteps}) that tries each owner in turn.
     * Answers what was stored, per stream in cursor order, once committed, so the caller can deliver it to this
     * instance's connections without reading it back.
     */
    public Uni<List<StoredEvent>> storeBatch(List<IncomingRecord> batch, String consumer) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<IncomingRecord> records = new ArrayList<>(batch.size());
        Set<UUID> seen = new HashSet<>(batch.size() * 2);
        for (IncomingRecord in : batch) {
            if (seen.add(in.record().eventId())) {
                records.add(in);
            }
        }
        Map<StreamKey, String> ownerOf = new HashMap<>();
        List<String> streams = new ArrayList<>(records.size() * 3);
        List<Integer> holders = new ArrayList<>(records.size() * 3);
        for (int i = 0; i < records.size(); i++) {
            String owner = records.get(i).record().ownerId();
            for (StreamKey stream : records.get(i).streams()) {
                String before = ownerOf.putIfAbsent(stream, owner);
                if (before != null && !before.equals(owner)) {
                    return storeInSteps(batch, consumer);
                }
                streams.add(stream.toString());
                holders.add(i);
            }
        }
        Map<String, StreamKey> keys = new HashMap<>(ownerOf.size() * 2);
        ownerOf.keySet().forEach(k -> keys.put(k.toString(), k));
        int[] recordOf = new int[holders.size()];
        for (int j = 0; j < recordOf.length; j++) {
            recordOf[j] = holders.get(j);
        }
        return replay.storeBatch(pool, consumer, columns(records), streams.toArray(new String[0]), recordOf,
                        LiveFeed.CHANNEL, feed.instance(), LiveFeed.ANNOUNCEMENT_BYTES)
                .map(placed -> {
                    List<StoredEvent> stored = new ArrayList<>(placed.size());
                    for (ReplayRepository.Placed row : placed) {
                        IncomingRecord in = records.get(row.record());
                        StreamKey stream = keys.get(row.stream());
                        if (row.cursor() == null) {
                            foreign(in.record(), stream);
                        } else {
                            stored.add(new StoredEvent(stream, row.cursor(), in.record().ownerId(), in.payload()));
                        }
                    }
                    return stored;
                });
    }

    /**
     * {@link #storeBatch} in a transaction of a few statements: the inbox insert, the cursor allocation (again for a
     * stream refused to its first owner, with the next), the rows with the announcements.
     */
    Uni<List<StoredEvent>> storeInSteps(List<IncomingRecord> batch, String consumer) {
        UUID[] ids = new UUID[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).record().eventId();
        }
        return pool.withTransaction(tx -> replay.firstDeliveries(tx, consumer, ids)
                .chain(first -> write(tx, fresh(batch, first))));
    }

    /** The batch's records seen for the first time, each once, in batch order. */
    private static List<IncomingRecord> fresh(List<IncomingRecord> batch, Set<UUID> first) {
        List<IncomingRecord> fresh = new ArrayList<>(first.size());
        for (IncomingRecord in : batch) {
            if (first.remove(in.record().eventId())) {
                fresh.add(in);
            }
        }
        return fresh;
    }

    /**
     * One stream's records in a batch, by owner in the order the owners first appear. Only one owner's records can be
     * stored there (the stream's owner); the others are kept out.
     */
    private static final class StreamShare {
        final Map<String, List<Integer>> byOwner = new LinkedHashMap<>(2);
        Iterator<Map.Entry<String, List<Integer>>> candidates;
        Map.Entry<String, List<Integer>> candidate;
        boolean allocated;
        long lastCursor;

        /** The next owner to try the stream for; false when none is left. */
        boolean next() {
            if (candidates == null) {
                candidates = byOwner.entrySet().iterator();
            }
            candidate = candidates.hasNext() ? candidates.next() : null;
            return candidate != null;
        }
    }

    private Uni<List<StoredEvent>> write(SqlConnection tx, List<IncomingRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        TreeMap<StreamKey, StreamShare> shares = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            Message record = records.get(i).record();
            for (StreamKey stream : records.get(i).streams()) {
                shares.computeIfAbsent(stream, k -> new StreamShare()).byOwner
                        .computeIfAbsent(record.ownerId(), k -> new ArrayList<>()).add(i);
            }
        }
        shares.values().forEach(StreamShare::next);
        return allocate(tx, shares).chain(() -> {
            List<StoredEvent> stored = new ArrayList<>();
            List<Long> recordIndexes = new ArrayList<>();
            for (Map.Entry<StreamKey, StreamShare> e : shares.entrySet()) {
                StreamShare share = e.getValue();
                share.byOwner.forEach((owner, indexes) -> {
                    if (!share.allocated || !owner.equals(share.candidate.getKey())) {
                        indexes.forEach(i -> foreign(records.get(i).record(), e.getKey()));
                    }
                });
                if (!share.allocated) {
                    continue;
                }
                List<Integer> indexes = share.candidate.getValue();
                long cursor = share.lastCursor - indexes.size() + 1;
                for (int i : indexes) {
                    IncomingRecord in = records.get(i);
                    stored.add(new StoredEvent(e.getKey(), cursor++, in.record().ownerId(), in.payload()));
                    recordIndexes.add(i + 1L);
                }
            }
            if (stored.isEmpty()) {
                return Uni.createFrom().item(stored);
            }
            return replay.insertAndAnnounce(tx, rows(records, stored, recordIndexes), LiveFeed.CHANNEL,
                            feed.announcements(stored))
                    .replaceWith(stored);
        });
    }

    /**
     * Takes the cursors of every stream that has a candidate owner left and is not allocated yet, in one statement. A
     * stream refused (it belongs to another user) is tried again with the next owner of its records, if any: only a
     * batch that mixes owners in one stream takes a second statement.
     */
    private Uni<Void> allocate(SqlConnection tx, TreeMap<StreamKey, StreamShare> shares) {
        List<String> keys = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        shares.forEach((stream, share) -> {
            if (!share.allocated && share.candidate != null) {
                keys.add(stream.toString());
                owners.add(share.candidate.getKey());
                counts.add((long) share.candidate.getValue().size());
            }
        });
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return replay.allocate(tx, keys.toArray(new String[0]), owners.toArray(new String[0]), counts.toArray(new Long[0]))
                .chain(last -> {
                    boolean retry = false;
                    for (Map.Entry<StreamKey, StreamShare> e : shares.entrySet()) {
                        StreamShare share = e.getValue();
                        if (share.allocated || share.candidate == null) {
                            continue;
                        }
                        Long lastCursor = last.get(e.getKey().toString());
                        if (lastCursor != null) {
                            share.allocated = true;
                            share.lastCursor = lastCursor;
                        } else {
                            retry |= share.next();
                        }
                    }
                    return retry ? allocate(tx, shares) : Uni.createFrom().voidItem();
                });
    }

    private static ReplayRepository.Records columns(List<IncomingRecord> records) {
        int n = records.size();
        UUID[] ids = new UUID[n];
        String[] owners = new String[n];
        String[] topics = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Message record = records.get(i).record();
            ids[i] = record.eventId();
            owners[i] = record.ownerId();
            topics[i] = record.topic();
            types[i] = record.type();
            payloads[i] = records.get(i).payload();
            occurredAt[i] = record.occurredAt().atOffset(ZoneOffset.UTC);
        }
        return new ReplayRepository.Records(ids, owners, topics, types, payloads, occurredAt);
    }

    private static ReplayRepository.EventRows rows(List<IncomingRecord> records, List<StoredEvent> stored,
                                                   List<Long> recordIndexes) {
        String[] streams = new String[stored.size()];
        Long[] cursors = new Long[stored.size()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = stored.get(i).stream().toString();
            cursors[i] = stored.get(i).cursor();
        }
        return new ReplayRepository.EventRows(streams, cursors, recordIndexes.toArray(new Long[0]), columns(records));
    }

    private static void foreign(Message record, StreamKey stream) {
        LOG.warnf("%s %s names %s, which belongs to another user: not stored there", record.type(), record.eventId(),
                stream);
    }

    /**
     * The caller's events of the stream after the cursor. A stream of another user answers 404 exactly like an unknown
     * one, so its existence is not revealed; the caller's own user stream always exists, if only empty.
     */
    public Uni<ReplaySlice> replay(String callerId, StreamKey stream, long after, int limit) {
        return unitOfWork.read(c -> replay.owner(c, stream).chain(owner -> {
            boolean ownUserStream = stream.kind() == StreamKind.USER && stream.id().equals(callerId);
            if (!ownUserStream && !callerId.equals(owner)) {
                throw ProblemException.notFound("Stream");
            }
            return replay.after(c, stream, callerId, after, limit + 1).chain(events -> replay.oldestCursor(c, stream)
                    .map(oldest -> slice(stream, events, limit, after, oldest)));
        }));
    }

    private static ReplaySlice slice(StreamKey stream, List<ReplayEvent> events, int limit, long after, Long oldest) {
        boolean hasMore = events.size() > limit;
        boolean truncated = oldest != null && oldest > after + 1;
        return new ReplaySlice(stream, hasMore ? events.subList(0, limit) : events, hasMore, truncated);
    }
}
