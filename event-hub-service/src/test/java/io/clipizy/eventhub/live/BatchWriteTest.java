package io.clipizy.eventhub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.eventhub.domain.IncomingRecord;
import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StoredEvent;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import io.clipizy.eventhub.service.ReplayService;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The batched write path itself ({@link ReplayService#storeBatch}): duplicates inside and across batches, one batch
 * spread over many streams, and writers committing concurrently into the same streams — each stream's cursors stay
 * gapless and in each writer's order, and another instance hears every batch and delivers it in order, once.
 */
@QuarkusTest
class BatchWriteTest {
    private static final String CONSUMER = "event-hub-service.replay";

    @Inject
    ReplayService replay;

    @Inject
    LiveStore store;

    @Inject
    SecondInstance secondInstance;

    @Inject
    LiveFeed feed;

    @Test
    void aBatchWithDuplicatesStoresEachEventOnceWithGaplessCursors() {
        String owner = "dora-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        IncomingRecord e0 = record(owner, taskId, 0);
        IncomingRecord e1 = record(owner, taskId, 1);
        IncomingRecord e2 = record(owner, taskId, 2);
        IncomingRecord e3 = record(owner, taskId, 3);
        List<StoredEvent> first = store(List.of(e0));
        assertEquals(2, first.size(), "one row in the task stream, one in the user stream");

        // e0 again (stored by an earlier batch), e1 twice in the batch itself.
        List<StoredEvent> second = store(List.of(e1, e0, e2, e1, e3));
        StreamKey task = StreamKey.of(StreamKind.TASK, taskId);
        StreamKey userStream = StreamKey.user(owner);
        assertEquals(List.of(2L, 3L, 4L), cursors(second, task), "each new event once, after the earlier one");
        assertEquals(List.of(2L, 3L, 4L), cursors(second, userStream));
        for (StreamKey stream : List.of(task, userStream)) {
            List<ReplayEvent> stored = store.after(stream, owner, 0, 100).await().atMost(Duration.ofSeconds(10));
            assertEquals(List.of(1L, 2L, 3L, 4L), stored.stream().map(ReplayEvent::cursor).toList(), stream.toString());
            assertEquals(List.of(0L, 1L, 2L, 3L), stored.stream().map(BatchWriteTest::sequence).toList(), stream.toString());
        }
        assertEquals(List.of(), store(List.of(e3, e2)), "a batch of redeliveries stores nothing");
    }

    @Test
    void oneBatchOverManyStreamsKeepsEachStreamsOrder() {
        List<String> owners = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            owners.add("milo-" + u + "-" + UUID.randomUUID());
        }
        List<UUID> tasks = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            tasks.add(UUID.randomUUID());
        }
        // Task t belongs to owner t % 6; the batch interleaves the tasks' events: round r holds event r of every task.
        List<IncomingRecord> batch = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int t = 0; t < tasks.size(); t++) {
                batch.add(record(owners.get(t % owners.size()), tasks.get(t), round));
            }
        }
        List<StoredEvent> stored = store(batch);
        assertEquals(batch.size() * 2, stored.size());
        for (int t = 0; t < tasks.size(); t++) {
            StreamKey task = StreamKey.of(StreamKind.TASK, tasks.get(t));
            List<ReplayEvent> events = store.after(task, owners.get(t % owners.size()), 0, 100).await()
                    .atMost(Duration.ofSeconds(10));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), events.stream().map(ReplayEvent::cursor).toList(), task.toString());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), events.stream().map(BatchWriteTest::sequence).toList(), task.toString());
        }
        for (String owner : owners) {
            List<ReplayEvent> events = store.after(StreamKey.user(owner), owner, 0, 100).await()
                    .atMost(Duration.ofSeconds(10));
            assertEquals(25, events.size(), owner);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1L, events.get(i).cursor(), owner);
            }
            // The user stream holds the owner's events in batch order: round by round.
            for (int i = 1; i < events.size(); i++) {
                assertTrue(sequence(events.get(i - 1)) <= sequence(events.get(i)), owner);
            }
        }
    }

    @Test
    void aRecordNamingAnotherUsersStreamIsKeptOutOfItWithinABatch() {
        String alice = "alice-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        StreamKey task = StreamKey.of(StreamKind.TASK, taskId);
        store(List.of(record(alice, taskId, 0)));
        List<StoredEvent> stored = store(List.of(record(mallory, taskId, 1), record(alice, taskId, 2),
                record(mallory, taskId, 3)));
        assertEquals(List.of(2L), cursors(stored, task), "only alice's event joins her task's stream");
        assertEquals(List.of(1L, 2L), cursors(stored, StreamKey.user(mallory)), "mallory's are stored in her own stream");
        List<ReplayEvent> events = store.after(task, alice, 0, 100).await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of(0L, 2L), events.stream().map(BatchWriteTest::sequence).toList());
    }

    @Test
    void aBatchNamingOnlyAnotherUsersStreamStoresNothingThereAndTheRestOnce() {
        String alice = "alice-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        StreamKey task = StreamKey.of(StreamKind.TASK, taskId);
        store(List.of(record(alice, taskId, 0)));
        // Every record of this batch is mallory's: one owner per stream, the one-statement path.
        IncomingRecord m1 = record(mallory, taskId, 1);
        List<StoredEvent> stored = store(List.of(m1, record(mallory, taskId, 2)));
        assertEquals(List.of(), cursors(stored, task), "alice's task stream takes none of mallory's events");
        assertEquals(List.of(1L, 2L), cursors(stored, StreamKey.user(mallory)));
        assertEquals(List.of(0L), store.after(task, alice, 0, 100).await().atMost(Duration.ofSeconds(10)).stream()
                .map(BatchWriteTest::sequence).toList());
        assertEquals(1L, store.head(task).await().atMost(Duration.ofSeconds(10)).lastCursor(),
                "no cursor taken in alice's stream");
        assertEquals(List.of(), store(List.of(m1)), "applied once: the inbox took it");
    }

    @Test
    void aBatchOverManyStreamsIsAnnouncedInSeveralNotificationsThatNameEveryRangeOnce() throws Exception {
        // An owner whose every character JSON escapes (the longest announcements), and one task stream per record.
        String owner = "\"\\".repeat(100) + UUID.randomUUID();
        int records = 300;
        List<IncomingRecord> batch = new ArrayList<>();
        Map<String, long[]> expected = new HashMap<>();
        for (int i = 0; i < records; i++) {
            UUID taskId = UUID.randomUUID();
            batch.add(record(owner, taskId, i));
            expected.put(StreamKey.of(StreamKind.TASK, taskId).toString(), new long[]{1, 1});
        }
        expected.put(StreamKey.user(owner).toString(), new long[]{1, records});
        try (Connection listening = PostgresResource.connect()) {
            listening.setAutoCommit(true);
            try (Statement st = listening.createStatement()) {
                st.execute("LISTEN " + LiveFeed.CHANNEL);
            }
            assertEquals(records * 2, store(batch).size());

            PGConnection pg = listening.unwrap(PGConnection.class);
            Map<String, long[]> announced = new HashMap<>();
            int notifications = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (announced.size() < expected.size() && System.nanoTime() < deadline) {
                PGNotification[] heard = pg.getNotifications(1000);
                for (PGNotification n : heard == null ? new PGNotification[0] : heard) {
                    JsonNode node = JsonCodec.decode(n.getParameter(), JsonNode.class);
                    boolean ours = false;
                    for (JsonNode range : node.path("ranges")) {
                        if (range.path(0).asText().equals(owner)) {
                            ours = true;
                            long[] before = announced.put(range.path(1).asText(),
                                    new long[]{range.path(2).asLong(), range.path(3).asLong()});
                            assertEquals(null, before, "each range announced once");
                        }
                    }
                    if (ours) {
                        notifications++;
                        assertTrue(n.getParameter().getBytes(StandardCharsets.UTF_8).length < 8000);
                        assertTrue(n.getParameter().startsWith("{\"from\":\"" + feed.instance() + "\""),
                                "the writer's id first, as the instances tell their own announcements");
                    }
                }
            }
            assertEquals(expected.keySet(), announced.keySet());
            expected.forEach((stream, range) -> assertEquals(List.of(range[0], range[1]),
                    List.of(announced.get(stream)[0], announced.get(stream)[1]), stream));
            assertTrue(notifications > 1, "split below PostgreSQL's payload limit: " + notifications);
        }
    }

    @Test
    void writersCommittingConcurrentlyKeepEveryStreamGaplessAndAnotherInstanceDeliversItInOrder() throws Exception {
        String owner = "cora-" + UUID.randomUUID();
        List<UUID> tasks = List.of(UUID.randomUUID(), UUID.randomUUID());
        int writers = 4;
        int batches = 20;
        int perBatch = 8;
        int total = writers * batches * perBatch;

        // Instance B: its own registry and LISTEN connection, sharing only the database with the writers.
        SecondInstance.Running instanceB = secondInstance.start();
        SessionRegistry registryB = instanceB.sessions();
        try {
            BlockingQueue<JsonNode> onB = new LinkedBlockingQueue<>();
            Session session = registryB.open("b-batch", owner, new Session.Outbound() {
                @Override
                public void send(String frame, Runnable written) {
                    onB.add(JsonCodec.decode(frame, JsonNode.class));
                    written.run();
                }

                @Override
                public void close(int code, String reason) {
                    throw new AssertionError("closed " + code + " " + reason);
                }
            });
            session.handle("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            assertEquals("ack", poll(onB).path("type").asText());

            // Each writer stores its batches one after the other; the writers run at the same time, into the same
            // user stream and the same two task streams, each on its own connection and transaction.
            List<Uni<Void>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int b = 0; b < batches; b++) {
                    int batchNo = b;
                    chain = chain.chain(() -> {
                        List<IncomingRecord> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            long sequence = writer * 1_000_000L + batchNo * perBatch + i;
                            batch.add(record(owner, tasks.get(i % tasks.size()), sequence));
                        }
                        return replay.storeBatch(batch, CONSUMER).replaceWithVoid();
                    });
                }
                running.add(chain);
            }
            Uni.join().all(running).andFailFast().await().atMost(Duration.ofSeconds(60));

            List<ReplayEvent> userEvents = all(StreamKey.user(owner), owner);
            assertEquals(total, userEvents.size());
            assertGaplessAndInEachWritersOrder(userEvents);
            int inTasks = 0;
            for (UUID taskId : tasks) {
                List<ReplayEvent> events = all(StreamKey.of(StreamKind.TASK, taskId), owner);
                assertGaplessAndInEachWritersOrder(events);
                inTasks += events.size();
            }
            assertEquals(total, inTasks);

            // Instance B heard every batch's announcement and delivered the user stream in cursor order, once each.
            for (long cursor = 1; cursor <= total; cursor++) {
                JsonNode frame = poll(onB);
                assertEquals("event", frame.path("type").asText());
                assertEquals(cursor, frame.path("cursor").asLong());
                assertEquals(userEvents.get((int) cursor - 1).eventId().toString(),
                        frame.path("event").path("eventId").asText());
            }
            assertEquals(null, onB.poll(500, TimeUnit.MILLISECONDS), "nothing twice");
            registryB.closed(session);
        } finally {
            instanceB.close();
        }
    }

    private static void assertGaplessAndInEachWritersOrder(List<ReplayEvent> events) {
        Map<Long, Long> lastByWriter = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1L, events.get(i).cursor(), "gapless cursors");
            long sequence = sequence(events.get(i));
            Long before = lastByWriter.put(sequence / 1_000_000L, sequence);
            assertTrue(before == null || before < sequence, "each writer's events in its order");
        }
    }

    private List<ReplayEvent> all(StreamKey stream, String owner) {
        List<ReplayEvent> events = new ArrayList<>();
        while (true) {
            long after = events.isEmpty() ? 0 : events.get(events.size() - 1).cursor();
            List<ReplayEvent> page = store.after(stream, owner, after, 500).await().atMost(Duration.ofSeconds(10));
            if (page.isEmpty()) {
                return events;
            }
            events.addAll(page);
        }
    }

    private List<StoredEvent> store(List<IncomingRecord> batch) {
        return replay.storeBatch(batch, CONSUMER).await().atMost(Duration.ofSeconds(30));
    }

    private static List<Long> cursors(List<StoredEvent> stored, StreamKey stream) {
        return stored.stream().filter(e -> e.stream().equals(stream)).map(StoredEvent::cursor).toList();
    }

    private static long sequence(ReplayEvent event) {
        return JsonCodec.decode(event.payload(), JsonNode.class).path("sequence").asLong();
    }

    private static JsonNode poll(BlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode frame = frames.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 30 s");
        }
        return frame;
    }

    private static IncomingRecord record(String owner, UUID taskId, long sequence) {
        TaskEvent event = TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId,
                TaskKind.IMAGE_GENERATION, "local", TaskStatus.RUNNING, 0.5, null, sequence, List.of(), null, null);
        return IncomingRecord.of(event, JsonCodec.encode(event));
    }
}
