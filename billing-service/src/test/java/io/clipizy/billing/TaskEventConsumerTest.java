package io.clipizy.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** task.events consumed through the real broker into task usage: idempotent, ordered by sequence, poison dead-lettered. */
@QuarkusTest
class TaskEventConsumerTest {
    private static final String INBOX = "SELECT count(*) FROM inbox WHERE consumer = 'billing-service.task-events' AND event_id = ?";

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() throws Exception {
        UUID taskId = UUID.randomUUID();
        TaskEvent queued = event("ursula", taskId, TaskStatus.QUEUED, 0);
        TaskEvent succeeded = event("ursula", taskId, TaskStatus.SUCCEEDED, 1);
        // Same key, so the same partition: once the sentinel is stored, everything sent before it was consumed too.
        TaskEvent sentinel = event("ursula", UUID.randomUUID(), TaskStatus.QUEUED, 0);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, queued.key(), JsonCodec.encode(queued));
            kafka.send(Topics.TASK_EVENTS, queued.key(), JsonCodec.encode(queued));
            kafka.send(Topics.TASK_EVENTS, queued.key(), JsonCodec.encode(succeeded));
            kafka.send(Topics.TASK_EVENTS, queued.key(), JsonCodec.encode(succeeded));
            kafka.send(Topics.TASK_EVENTS, queued.key(), JsonCodec.encode(sentinel));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), "SELECT count(*) FROM task_usage WHERE task_id = ?",
                sentinel.taskId()));
        assertEquals(1, Db.number("SELECT count(*) FROM task_usage WHERE task_id = ?", taskId));
        assertEquals("SUCCEEDED", Db.text("SELECT status FROM task_usage WHERE task_id = ?", taskId));
        assertEquals("ursula", Db.text("SELECT owner_id FROM task_usage WHERE task_id = ?", taskId));
        assertEquals(1, Db.number(INBOX, succeeded.eventId()), "a task's end is applied once, through the inbox");
        assertEquals(0, Db.number(INBOX, queued.eventId()), "a queued event is harmless to repeat: no inbox row");
    }

    @Test
    void progressInTheSameStatusDoesNotRewriteTheUsageRow() throws Exception {
        UUID taskId = UUID.randomUUID();
        TaskEvent sentinel = event("yara", UUID.randomUUID(), TaskStatus.QUEUED, 0);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = 1; sequence <= 4; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(),
                        JsonCodec.encode(event("yara", taskId, TaskStatus.RUNNING, sequence)));
            }
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(sentinel));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), "SELECT count(*) FROM task_usage WHERE task_id = ?",
                sentinel.taskId()));
        assertEquals("RUNNING", Db.text("SELECT status FROM task_usage WHERE task_id = ?", taskId));
        assertEquals(1, Db.number("SELECT sequence FROM task_usage WHERE task_id = ?", taskId),
                "the row keeps the event that started the status; later progress is not written");
    }

    @Test
    void anOlderEventArrivingLateDoesNotTakeTheTaskBack() throws Exception {
        UUID taskId = UUID.randomUUID();
        TaskEvent running = event("victor", taskId, TaskStatus.RUNNING, 1);
        TaskEvent succeeded = event("victor", taskId, TaskStatus.SUCCEEDED, 2);
        TaskEvent late = event("victor", taskId, TaskStatus.RUNNING, 1);
        TaskEvent queued = event("victor", taskId, TaskStatus.QUEUED, 0);
        TaskEvent sentinel = event("victor", UUID.randomUUID(), TaskStatus.QUEUED, 0);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(running));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(succeeded));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(late));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(queued));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(sentinel));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), "SELECT count(*) FROM task_usage WHERE task_id = ?",
                sentinel.taskId()), "the late events were consumed");
        assertEquals("SUCCEEDED", Db.text("SELECT status FROM task_usage WHERE task_id = ?", taskId));
        assertEquals(2, Db.number("SELECT sequence FROM task_usage WHERE task_id = ?", taskId));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        TaskEvent next = event("wanda", UUID.randomUUID(), TaskStatus.RUNNING, 1);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.deadLetter(Topics.TASK_EVENTS))) {
            String poisonKey = "poison-" + UUID.randomUUID();
            kafka.send(Topics.TASK_EVENTS, poisonKey, "{\"type\":\"TaskEvent\",\"taskId\":\"not-a-uuid\"}");
            kafka.send(Topics.TASK_EVENTS, poisonKey, JsonCodec.encode(next));
            List<ConsumerRecord<String, String>> dead = kafka.await(r -> poisonKey.equals(r.key()), 1, Duration.ofSeconds(20));
            assertEquals(1, dead.size(), "the poison record is dead-lettered");
            assertEquals(Topics.deadLetter(Topics.TASK_EVENTS), dead.get(0).topic());
            assertEquals(List.of(), kafka.collect(r -> poisonKey.equals(r.key()), Duration.ofSeconds(2)),
                    "only the poison record is dead-lettered");
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), "SELECT count(*) FROM task_usage WHERE task_id = ?",
                next.taskId()), "the record after the poison one is still processed");
    }

    private static TaskEvent event(String owner, UUID taskId, TaskStatus status, long sequence) {
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, TaskKind.IMAGE_GENERATION,
                "local", status, status == TaskStatus.SUCCEEDED ? 1 : 0, null, sequence, List.of(), null, null);
    }
}
