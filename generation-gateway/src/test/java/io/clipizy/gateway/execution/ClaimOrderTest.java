package io.clipizy.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.domain.TaskRunState;
import io.clipizy.gateway.persistence.TaskRepository;
import io.clipizy.kit.outbox.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The executor claims the oldest <em>run</em>'s tasks first: a run's later task queues with the run's first task, ahead
 * of younger runs' tasks created before it (under a backlog of many runs, claiming by task age alone let no run
 * finish until every run reached its last stage — found by the P9 benchmark).
 */
@QuarkusTest
class ClaimOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TaskRepository tasks;

    @Inject
    Pool pool;

    @Inject
    ExecutionConfig config;

    @Test
    void aRunsLaterTaskQueuesWithTheRunsFirstTask() throws Exception {
        UUID runA = UUID.randomUUID();
        UUID runB = UUID.randomUUID();
        UUID a1 = insert(pool, runA);
        Thread.sleep(20);
        UUID b1 = insert(pool, runB);
        Thread.sleep(20);
        UUID a2 = insert(pool, runA);
        UUID loose = insert(pool, null);

        assertEquals(queueAt(a1), queueAt(a2), "the run's second task queues with its first");
        assertTrue(queueAt(b1).isAfter(queueAt(a1)), "a younger run queues after the older one");
        assertTrue(queueAt(a2).isBefore(queueAt(b1)), "so run A's second task comes before run B's first");
        assertTrue(queueAt(loose).isAfter(queueAt(b1)), "a task outside a run queues at its own creation");
    }

    /** The API's batched insert (TaskSubmissions) keeps the same order: a run's tasks inherit the run's queue_at. */
    @Test
    void aBatchOfTasksQueuesEachWithItsRun() throws Exception {
        UUID runA = UUID.randomUUID();
        UUID runC = UUID.randomUUID();
        UUID a1 = insert(pool, runA);
        Thread.sleep(20);
        List<Task> batch = List.of(queued(runA), queued(runC), queued(null), queued(runC), queued(runA));
        List<Task> stored = tasks.insertAllWithEvents(pool, batch, config.defaultTimeout(),
                batch.stream().map(t -> Outbox.values(t.event())).toList()).await().atMost(WAIT);
        assertEquals(batch.stream().map(Task::id).collect(Collectors.toSet()),
                stored.stream().map(Task::id).collect(Collectors.toSet()), "every task inserted and answered");

        assertEquals(queueAt(a1), queueAt(batch.get(0).id()), "run A's tasks in the batch queue with its first task");
        assertEquals(queueAt(a1), queueAt(batch.get(4).id()));
        assertEquals(queueAt(batch.get(1).id()), queueAt(batch.get(3).id()), "a new run's tasks queue together");
        assertTrue(queueAt(batch.get(1).id()).isAfter(queueAt(a1)), "behind the older run");
        assertEquals(1, pool.preparedQuery("SELECT count(*) FROM task WHERE id = $1 AND deadline > now()")
                .execute(Tuple.of(batch.get(2).id())).await().atMost(WAIT).iterator().next().getLong(0),
                "the default timeout applies to a task without a deadline");

        List<Task> again = tasks.insertAllWithEvents(pool, batch, config.defaultTimeout(),
                batch.stream().map(t -> Outbox.values(t.event())).toList()).await().atMost(WAIT);
        assertTrue(again.isEmpty(), "existing ids are not inserted twice");
    }

    @Test
    void theClaimTakesTheOldestRunsTaskBeforeAnOlderTaskOfAYoungerRun() {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        // one transaction, rolled back: the live executor never sees these rows
        Transaction tx = connection.begin().await().atMost(WAIT);
        try {
            UUID runA = UUID.randomUUID();
            UUID a1 = insert(connection, runA);
            connection.preparedQuery("UPDATE task SET status = 'SUCCEEDED', queue_at = '2000-01-01T00:00:00Z' "
                    + "WHERE id = $1").execute(Tuple.of(a1)).await().atMost(WAIT);
            UUID b1 = insert(connection, UUID.randomUUID());
            connection.preparedQuery("UPDATE task SET created_at = now() - interval '1 hour' WHERE id = $1")
                    .execute(Tuple.of(b1)).await().atMost(WAIT);
            UUID a2 = insert(connection, runA);

            List<TaskRunState> claimed = tasks.claim(connection, "claim-order-test", Duration.ZERO, 1)
                    .await().atMost(WAIT);
            assertEquals(1, claimed.size());
            assertEquals(a2, claimed.get(0).task().id(),
                    "run A (first task in 2000) goes before run B's task, created an hour before a2");
        } finally {
            tx.rollback().await().atMost(WAIT);
            connection.close().await().atMost(WAIT);
        }
    }

    private UUID insert(SqlClient client, UUID runId) {
        Task task = queued(runId);
        UUID id = task.id();
        Task stored = tasks.insertWithEvent(client, task, config.defaultTimeout(), Outbox.values(task.event()))
                .await().atMost(WAIT);
        assertEquals(id, stored.id());
        return id;
    }

    private static Task queued(UUID runId) {
        return Task.queued(GenerationRequested.of("claim-" + UUID.randomUUID(), UUID.randomUUID(), null,
                runId, "node", null, UUID.randomUUID(), TaskKind.AUDIO_ANALYSIS, null,
                JsonCodec.mapper().createObjectNode().put("audio", UUID.randomUUID().toString()), null, 1));
    }

    private OffsetDateTime queueAt(UUID id) {
        return pool.preparedQuery("SELECT queue_at FROM task WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getOffsetDateTime("queue_at");
    }
}
