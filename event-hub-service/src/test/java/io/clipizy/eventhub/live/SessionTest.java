package io.clipizy.eventhub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session's delivery rules against an in-memory store: order, no duplicates, gaps, and the slow-reader bound. */
class SessionTest {
    private static final String OWNER = "nora";
    private static final StreamKey TASK = StreamKey.of(StreamKind.TASK, UUID.randomUUID());

    /** The replay store as a map of cursors; cursors below {@code oldest} count as pruned. */
    private final TreeMap<Long, String> stored = new TreeMap<>();
    private long oldest = 1;
    private LiveMetrics metrics;
    private LiveStore store;

    /** Frames written, and whether each write completes (a slow reader's never do). */
    private static final class Recorder implements Session.Outbound {
        final List<JsonNode> frames = new ArrayList<>();
        final boolean completes;
        int closeCode;

        Recorder(boolean completes) {
            this.completes = completes;
        }

        @Override
        public void send(String frame, Runnable written) {
            frames.add(JsonCodec.decode(frame, JsonNode.class));
            if (completes) {
                written.run();
            }
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        List<Long> cursors() {
            return frames.stream().filter(f -> f.path("type").asText().equals("event")).map(f -> f.path("cursor").asLong()).toList();
        }
    }

    @BeforeEach
    void setUp() {
        metrics = new LiveMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.register();
        store = new LiveStore() {
            @Override
            public Uni<StreamHead> head(StreamKey stream) {
                return Uni.createFrom().item(stored.isEmpty() ? null : new StreamHead(OWNER, stored.lastKey()));
            }

            @Override
            public Uni<List<ReplayEvent>> after(StreamKey stream, String ownerId, long cursor, int limit) {
                List<ReplayEvent> events = new ArrayList<>();
                stored.tailMap(Math.max(cursor + 1, oldest)).forEach((c, payload) -> {
                    if (events.size() < limit) {
                        events.add(new ReplayEvent(stream, c, UUID.randomUUID(), OWNER, "task.events", "TaskEvent", payload,
                                Instant.now(), Instant.now()));
                    }
                });
                return Uni.createFrom().item(events);
            }
        };
    }

    private void store(long upTo) {
        for (long c = stored.isEmpty() ? 1 : stored.lastKey() + 1; c <= upTo; c++) {
            stored.put(c, "{\"n\":" + c + "}");
        }
    }

    private Session session(Recorder out, int maxPending) {
        return new Session("c1", OWNER, out, store, metrics, new Session.Limits(5, maxPending, 4096));
    }

    private void announce(Session session, long cursor, boolean withPayload) {
        session.live(TASK, cursor, withPayload ? Frames.event(TASK, cursor, stored.get(cursor)) : null);
    }

    @Test
    void announcementsThatSkipAheadAreFilledFromTheStoreAndRepeatsAreDropped() {
        store(2);
        Recorder out = new Recorder(true);
        Session session = session(out, 100);
        session.handle("{\"type\":\"subscribe\",\"stream\":\"" + TASK + "\"}");
        assertEquals(2, out.frames.get(0).path("cursor").asLong(), "live from the stream's head");

        store(5);
        announce(session, 5, true);
        announce(session, 3, true);
        announce(session, 4, true);
        announce(session, 5, true);
        store(6);
        announce(session, 6, false);
        store(7);
        announce(session, 7, true);
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), out.cursors());
        assertEquals("{\"n\":6}", out.frames.get(4).path("event").toString(), "announced without payload, read from the store");
    }

    @Test
    void resumingBehindTheReplayWindowReportsTheGapThenSendsWhatIsLeft() {
        store(10);
        oldest = 8;
        Recorder out = new Recorder(true);
        Session session = session(out, 100);
        session.handle("{\"type\":\"resume\",\"id\":\"r\",\"stream\":\"" + TASK + "\",\"after\":3}");
        assertEquals("ack", out.frames.get(0).path("type").asText());
        JsonNode gap = out.frames.get(1);
        assertEquals("resume-gap", gap.path("type").asText());
        assertEquals(3, gap.path("after").asLong());
        assertEquals(8, gap.path("next").asLong());
        assertEquals(List.of(8L, 9L, 10L), out.cursors());

        Recorder beyond = new Recorder(true);
        oldest = 11;
        session(beyond, 100).handle("{\"type\":\"resume\",\"stream\":\"" + TASK + "\",\"after\":3}");
        assertEquals("resume-gap", beyond.frames.get(1).path("type").asText(), "everything after the cursor was pruned");
        assertEquals(11, beyond.frames.get(1).path("next").asLong());
    }

    @Test
    void aSlowReaderIsClosedWithTheResumeCodeWithoutHoldingUpTheOthers() {
        store(1);
        Recorder slow = new Recorder(false);
        Recorder fast = new Recorder(true);
        Session slowSession = session(slow, 10);
        Session fastSession = session(fast, 10);
        slowSession.handle("{\"type\":\"subscribe\",\"stream\":\"" + TASK + "\"}");
        fastSession.handle("{\"type\":\"subscribe\",\"stream\":\"" + TASK + "\"}");
        for (long cursor = 2; cursor <= 50; cursor++) {
            store(cursor);
            announce(slowSession, cursor, true);
            announce(fastSession, cursor, true);
        }
        assertEquals(CloseCodes.RESUME, slow.closeCode);
        assertEquals(10, slow.frames.size(), "the ack and nine events, then nothing more");
        assertEquals(0, fast.closeCode);
        assertEquals(49, fast.cursors().size());
        assertEquals(1.0, metrics.registry.counter("eventhub.drops", "reason", "slow-consumer").count());
        assertEquals(0, slowSession.subscriptionCount(), "a closed session follows nothing");
    }
}
