package io.clipizy.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.ExecutionConfig;
import io.clipizy.gateway.persistence.TaskRepository;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Group commit of API submissions over real PostgreSQL and Kafka. Each test first fills both write slots with
 * statements that wait on rows an open transaction holds (a task id inserted there, not yet committed), so the
 * submissions made next queue and are written together by one statement once the transaction ends.
 */
@QuarkusTest
class TaskSubmissionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TaskService service;

    @Inject
    TaskSubmissions submissions;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskSubmitConfig submitConfig;

    @Inject
    ExecutionConfig config;

    @Inject
    Pool pool;

    @Test
    void queuedSubmissionsAreOneStatementEachAnsweredWithItsOwnRowAndEvent() throws Exception {
        String owner = "batch-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS); Blockers blockers = block(owner)) {
            List<UUID> ids = new ArrayList<>();
            List<CompletableFuture<Task>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                answers.add(submit(request(owner, id, "prompt " + i)));
            }
            // a repeat of a blocked task and of a queued one: both answer the stored task, as before batching
            CompletableFuture<Task> repeatOfBlocked = submit(request(owner, blockers.ids.get(0), "again"));
            CompletableFuture<Task> repeatOfQueued = submit(request(owner, ids.get(7), "again"));
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "queued behind the blocked statements");

            blockers.commit();

            for (int i = 0; i < ids.size(); i++) {
                Task answer = answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(ids.get(i), answer.id(), "each request is answered with its own task");
                assertEquals(TaskStatus.QUEUED, answer.status());
                assertEquals("prompt " + i, answer.params().get("prompt").asText());
                assertTrue(answer.createdAt() != null && answer.deadline() != null, "answered as stored");
            }
            for (int i = 0; i < 2; i++) {
                Task blocked = blockers.submitted.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(blockers.ids.get(i), blocked.id());
                assertEquals("blocker", blocked.params().get("prompt").asText(), "the stored task, not a second one");
            }
            assertEquals("blocker", repeatOfBlocked.get(WAIT.toSeconds(), TimeUnit.SECONDS).params().get("prompt").asText());
            assertEquals("prompt 7", repeatOfQueued.get(WAIT.toSeconds(), TimeUnit.SECONDS).params().get("prompt").asText());

            List<Row> rows = rows(ids);
            assertEquals(ids.size(), rows.size(), "one row per submission");
            assertEquals(1, rows.stream().map(r -> r.getString("tx")).distinct().count(),
                    "the queued submissions were written by one statement");
            assertEquals(1, rows.stream().map(r -> r.getValue("queue_at").toString()).distinct().count());

            Set<UUID> announced = queuedEvents(kafka, ids.size() + 2, ids, blockers.ids);
            assertEquals(ids.size() + 2, announced.size(), "one QUEUED event per task, none twice");
        }
    }

    @Test
    void aRowPostgresRefusesFailsOnlyItsOwnSubmission() throws Exception {
        String owner = "batch-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS); Blockers blockers = block(owner)) {
            List<UUID> ids = new ArrayList<>();
            List<CompletableFuture<Task>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                answers.add(submit(request(owner, id, "good " + i)));
            }
            Task queued = Task.queued(request(owner, UUID.randomUUID(), "bad"));
            // progress outside [0, 1] breaks the table's CHECK: the whole batch statement fails
            Task bad = new Task(queued.id(), queued.ownerId(), queued.projectId(), queued.chatId(), queued.runId(),
                    queued.nodeId(), queued.itemIndex(), queued.kind(), queued.provider(), queued.params(),
                    queued.status(), 2.0, queued.message(), queued.sequence(), queued.outputs(), queued.result(),
                    queued.error(), queued.attempts(), queued.deadline(), queued.createdAt(), null, null);
            CompletableFuture<Task> refused = submissions.insert(bad, Outbox.values(queued.event()))
                    .subscribeAsCompletionStage();

            blockers.rollback(); // the blocked statements then insert their own tasks

            for (int i = 0; i < ids.size(); i++) {
                assertEquals(ids.get(i), answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS).id());
            }
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> refused.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            PgException pg = assertInstanceOf(PgException.class, failure.getCause());
            assertEquals("23514", pg.getSqlState(), "its own CHECK violation");
            assertEquals(ids.size(), rows(ids).size(), "every good row is stored");
            assertTrue(rows(List.of(bad.id())).isEmpty(), "the bad one is not");
            for (int i = 0; i < 2; i++) {
                Task blocked = blockers.submitted.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("prompt of the blocked submission", blocked.params().get("prompt").asText());
            }

            Set<UUID> announced = queuedEvents(kafka, ids.size() + 2, ids, blockers.ids);
            assertEquals(ids.size() + 2, announced.size());
        }
    }

    @Test
    void aLoneSubmissionIsWrittenAtOnce() throws Exception {
        UUID id = UUID.randomUUID();
        Task stored = submit(request("lone-" + UUID.randomUUID(), id, "alone")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(id, stored.id());
        Task again = submit(request("lone-" + UUID.randomUUID(), id, "again")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(stored.ownerId(), again.ownerId(), "a repeated id answers the stored task");
        assertEquals("alone", again.params().get("prompt").asText());
    }

    /** Two tasks inserted in an open transaction, and one submission of each: both write slots now wait on them. */
    private Blockers block(String owner) {
        assertEquals(2, submitConfig.concurrentWrites(), "the test fills exactly the configured slots");
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
        List<CompletableFuture<Task>> submitted = new ArrayList<>();
        for (UUID id : ids) {
            Task task = Task.queued(request(owner, id, "blocker"));
            tasks.insertWithEvent(connection, task, config.defaultTimeout(), Outbox.values(task.event()))
                    .await().atMost(WAIT);
        }
        for (UUID id : ids) {
            submitted.add(submit(request(owner, id, "prompt of the blocked submission")));
        }
        return new Blockers(connection, tx, ids, submitted);
    }

    /** The open transaction: ended by the test, or rolled back when the test failed before (so no slot stays stuck). */
    private static final class Blockers implements AutoCloseable {
        final SqlConnection connection;
        final Transaction tx;
        final List<UUID> ids;
        final List<CompletableFuture<Task>> submitted;
        private boolean ended;

        Blockers(SqlConnection connection, Transaction tx, List<UUID> ids, List<CompletableFuture<Task>> submitted) {
            this.connection = connection;
            this.tx = tx;
            this.ids = ids;
            this.submitted = submitted;
        }

        void commit() {
            ended = true;
            tx.commit().await().atMost(WAIT);
        }

        void rollback() {
            ended = true;
            tx.rollback().await().atMost(WAIT);
        }

        @Override
        public void close() {
            try {
                if (!ended) {
                    tx.rollback().await().atMost(WAIT);
                }
            } finally {
                connection.close().await().atMost(WAIT);
            }
        }
    }

    private CompletableFuture<Task> submit(GenerationRequested request) {
        return service.submit(request).subscribeAsCompletionStage();
    }

    /** A task nothing runs: its deadline has passed, so the executor leaves it to the sweeper. */
    private static GenerationRequested request(String owner, UUID id, String prompt) {
        return GenerationRequested.of(owner, UUID.randomUUID(), null, null, null, null, id, TaskKind.IMAGE_GENERATION,
                null, JsonCodec.mapper().createObjectNode().put("prompt", prompt), Instant.now().minusSeconds(60), 1);
    }

    private List<Row> rows(List<UUID> ids) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT id, xmin::text AS tx, queue_at FROM task WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    /** The tasks among {@code ids} and {@code more} announced QUEUED on task.events; fails on a second announcement. */
    private static Set<UUID> queuedEvents(KafkaTestClient kafka, int count, List<UUID> ids, List<UUID> more) {
        Set<String> keys = new HashSet<>();
        ids.forEach(id -> keys.add(id.toString()));
        more.forEach(id -> keys.add(id.toString()));
        var records = kafka.await(r -> keys.contains(r.key())
                && JsonCodec.decode(r.value(), TaskEvent.class).status() == TaskStatus.QUEUED, count, WAIT);
        assertEquals(count, records.size(), "every task announced");
        Set<UUID> distinct = records.stream().map(r -> UUID.fromString(r.key())).collect(Collectors.toSet());
        assertEquals(count, distinct.size(), "no task announced twice");
        assertTrue(kafka.collect(r -> keys.contains(r.key())
                && JsonCodec.decode(r.value(), TaskEvent.class).status() == TaskStatus.QUEUED, Duration.ofSeconds(1))
                .isEmpty(), "and none announced again later");
        return distinct;
    }
}
