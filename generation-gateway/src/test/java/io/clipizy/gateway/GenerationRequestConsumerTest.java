package io.clipizy.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.fakes.FakePeers;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** generation.requests consumed through the real broker: idempotent, and poison records dead-lettered. */
@QuarkusTest
class GenerationRequestConsumerTest {

    @Test
    void theSameRequestDeliveredTwiceQueuesOneTaskAndAnnouncesItOnce() throws Exception {
        UUID runId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        GenerationRequested request = GenerationRequested.of("bob", UUID.randomUUID(), UUID.randomUUID(), runId, "analysis",
                null, taskId, TaskKind.AUDIO_ANALYSIS, "test-echo",
                JsonCodec.mapper().createObjectNode().put("audio", UUID.randomUUID().toString()), null, 1);
        String json = JsonCodec.encode(request);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), json);
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), json);

            List<ConsumerRecord<String, String>> first = kafka.await(r -> r.key().equals(taskId.toString()), 1, Duration.ofSeconds(20));
            assertFalse(first.isEmpty(), "the task is announced");
            TaskEvent queued = JsonCodec.decode(first.get(0).value(), TaskEvent.class);
            assertEquals(TaskStatus.QUEUED, queued.status());
            assertEquals(runId, queued.runId());
            assertEquals("analysis", queued.nodeId());
            assertFalse(first.get(0).headers().toArray().length == 0, "records carry their type header");

            List<TaskEvent> rest = TaskEvents.untilEnd(kafka, taskId, Duration.ofSeconds(30));
            assertEquals(TaskStatus.SUCCEEDED, TaskEvents.last(rest).status(), "the task ran");
            rest.addAll(kafka.collect(r -> r.key().equals(taskId.toString()), Duration.ofSeconds(3)).stream()
                    .map(r -> JsonCodec.decode(r.value(), TaskEvent.class)).toList());
            assertEquals(0, rest.stream().filter(e -> e.status() == TaskStatus.QUEUED).count(),
                    "the redelivery has no second effect");
            assertEquals(1, rest.stream().filter(e -> e.status() == TaskStatus.SUCCEEDED).count(), "it ran once");
        }
        assertEquals(1, count("SELECT count(*) FROM task WHERE id = ?", taskId));
        assertEquals(1, count("SELECT count(*) FROM inbox WHERE event_id = ?", request.eventId()));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE event_id IS NOT NULL AND record_key = ?", taskId.toString()),
                "relayed records are deleted from the outbox");
    }

    @Test
    void aCancelRequestFromAnotherUserChangesNothingAndTheOwnersCancels() throws Exception {
        UUID taskId = UUID.randomUUID();
        FakePeers.billing().fund("dora", 50);
        GenerationRequested request = GenerationRequested.of("dora", null, null, null, null, null, taskId,
                TaskKind.IMAGE_GENERATION, "test-hold", null, null, 1);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), JsonCodec.encode(request));
            TaskEvents.until(kafka, taskId, e -> "Holding".equals(e.message()), Duration.ofSeconds(20));
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(),
                    JsonCodec.encode(TaskCancelRequested.of("eve", taskId, null, "not mine")));
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(),
                    JsonCodec.encode(TaskCancelRequested.of("dora", taskId, null, "changed my mind")));
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, taskId, Duration.ofSeconds(20));
            TaskEvent cancelled = TaskEvents.last(events);
            assertEquals(TaskStatus.CANCELLED, cancelled.status());
            assertEquals("changed my mind", cancelled.message());
            assertEquals(1, events.size(), "eve's request changed nothing");
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.deadLetter(Topics.GENERATION_REQUESTS), Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, "poison", "{\"type\":\"GenerationRequested\",\"taskId\":\"nope\"}");
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), JsonCodec.encode(GenerationRequested.of("bob", null,
                    null, null, null, null, taskId, TaskKind.MUSIC_GENERATION, null, null, null, 1)));
            List<ConsumerRecord<String, String>> seen = kafka.await(
                    r -> "poison".equals(r.key()) || taskId.toString().equals(r.key()), 2, Duration.ofSeconds(20));
            List<ConsumerRecord<String, String>> dead = seen.stream().filter(r -> "poison".equals(r.key())).toList();
            assertEquals(1, dead.size(), "the poison record is dead-lettered");
            assertEquals(Topics.deadLetter(Topics.GENERATION_REQUESTS), dead.get(0).topic());
            assertTrue(seen.stream().anyMatch(r -> taskId.toString().equals(r.key())
                            && r.topic().equals(Topics.TASK_EVENTS)),
                    "the next record is still processed");
        }
    }

    private static long count(String sql, Object arg) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
