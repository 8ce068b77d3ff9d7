package io.clipizy.eventhub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The event topics consumed through the real broker into the replay streams. */
@QuarkusTest
class EventRecordConsumerTest {

    @Test
    void aTaskEventPublishedTwiceIsStoredOnceInTheUserAndTaskStreams() throws Exception {
        String owner = "olga-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        TaskEvent queued = event(owner, taskId, TaskStatus.QUEUED, 0);
        TaskEvent running = event(owner, taskId, TaskStatus.RUNNING, 1);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(queued));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(queued));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(running));
        }
        String token = OidcResource.user(owner);
        // The redelivery sits before the RUNNING event on the task's partition, so it was consumed once that is stored.
        for (String stream : List.of("task:" + taskId, "user:" + owner)) {
            JsonPath replay = Replays.await(token, stream, 2);
            assertEquals(List.of(1, 2), replay.getList("events.cursor"), stream);
            assertEquals(List.of(queued.eventId().toString(), running.eventId().toString()), replay.getList("events.eventId"), stream);
            assertEquals(List.of("QUEUED", "RUNNING"), replay.getList("events.payload.status"), stream);
            assertEquals(List.of("task.events", "task.events"), replay.getList("events.topic"), stream);
        }
    }

    @Test
    void aTasksEventsAreStoredInOrderWithIncreasingCursors() throws Exception {
        String owner = "ivan-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = 0; sequence <= 10; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(event(owner, taskId,
                        sequence == 10 ? TaskStatus.SUCCEEDED : TaskStatus.RUNNING, sequence)));
            }
        }
        JsonPath replay = Replays.await(OidcResource.user(owner), "task:" + taskId, 11);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), replay.getList("events.cursor"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), replay.getList("events.payload.sequence"));
    }

    @Test
    void eachRecordIsRoutedToEveryStreamOfTheIdsItCarries() throws Exception {
        String owner = "rita-" + UUID.randomUUID();
        UUID projectId = UUID.randomUUID();
        UUID chatId = UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        RunStarted started = RunStarted.of(owner, projectId, chatId, runId, "music-video", 1, 120L);
        NodeStarted node = NodeStarted.of(owner, projectId, null, runId, "scenes", "image_generation", 0, taskId);
        MessageAdded message = MessageAdded.of(owner, projectId, chatId, UUID.randomUUID(), MessageRole.ASSISTANT,
                "Rendering your video", List.of(), null);
        MediaStored media = MediaStored.of(owner, projectId, UUID.randomUUID(), MediaKind.IMAGE, MediaRole.GENERATED,
                "image/png", 1024, "ab".repeat(32), null, 1280, 720, taskId);
        CreditsChanged credits = CreditsChanged.of(owner, 40, -20, "capture", taskId.toString());
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.WORKFLOW_EVENTS, started.key(), JsonCodec.encode(started));
            kafka.send(Topics.WORKFLOW_EVENTS, node.key(), JsonCodec.encode(node));
            kafka.send(Topics.CHAT_EVENTS, message.key(), JsonCodec.encode(message));
            kafka.send(Topics.MEDIA_EVENTS, media.key(), JsonCodec.encode(media));
            kafka.send(Topics.BILLING_EVENTS, credits.key(), JsonCodec.encode(credits));
        }
        String token = OidcResource.user(owner);
        JsonPath user = Replays.await(token, "user:" + owner, 5);
        assertEquals(List.of(1, 2, 3, 4, 5), user.getList("events.cursor"));
        assertEquals(Set.of("RunStarted", "NodeStarted", "MessageAdded", "MediaStored", "CreditsChanged"),
                Set.copyOf(user.getList("events.type")));
        assertEquals(Set.of("RunStarted", "NodeStarted"), types(token, "run:" + runId, 2));
        assertEquals(Set.of("NodeStarted", "MediaStored"), types(token, "task:" + taskId, 2));
        assertEquals(Set.of("RunStarted", "MessageAdded"), types(token, "chat:" + chatId, 2));
        assertEquals(Set.of("RunStarted", "NodeStarted", "MessageAdded", "MediaStored"), types(token, "project:" + projectId, 4));
    }

    @Test
    void aRecordNamingAnotherUsersTaskIsKeptOutOfThatTasksStream() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        TaskEvent intruder = event(mallory, taskId, TaskStatus.CANCELLED, 1);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(event(alice, taskId, TaskStatus.QUEUED, 0)));
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(intruder));
        }
        JsonPath mine = Replays.await(OidcResource.user(mallory), "user:" + mallory, 1);
        assertEquals(List.of(intruder.eventId().toString()), mine.getList("events.eventId"), "stored for its own owner");
        assertEquals(List.of("QUEUED"), Replays.await(OidcResource.user(alice), "task:" + taskId, 1)
                .getList("events.payload.status"), "the task's stream holds only its owner's events");
        Replays.get(OidcResource.user(mallory), "task:" + taskId, 0).then().statusCode(404);
    }

    @Test
    void unreadableRecordsAndRecordsWithoutAnOwnerGoToTheirTopicsDeadLetterTopic() throws Exception {
        String owner = "sam-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        String unknownKey = "unknown-" + UUID.randomUUID();
        String ownerlessKey = "ownerless-" + UUID.randomUUID();
        ObjectNode ownerlessRecord = (ObjectNode) JsonCodec.tree(event(owner, taskId, TaskStatus.QUEUED, 0));
        ownerlessRecord.remove("ownerId");
        String ownerless = ownerlessRecord.toString();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.deadLetter(Topics.WORKFLOW_EVENTS),
                Topics.deadLetter(Topics.TASK_EVENTS))) {
            kafka.send(Topics.WORKFLOW_EVENTS, unknownKey, "{\"type\":\"RunTeleported\",\"ownerId\":\"" + owner + "\"}");
            kafka.send(Topics.TASK_EVENTS, ownerlessKey, ownerless);
            kafka.send(Topics.TASK_EVENTS, ownerlessKey, JsonCodec.encode(event(owner, taskId, TaskStatus.RUNNING, 1)));

            List<ConsumerRecord<String, String>> dead = kafka.await(
                    r -> unknownKey.equals(r.key()) || ownerlessKey.equals(r.key()), 2, Duration.ofSeconds(20));
            assertEquals(2, dead.size());
            assertEquals(Topics.deadLetter(Topics.WORKFLOW_EVENTS),
                    dead.stream().filter(r -> unknownKey.equals(r.key())).findFirst().orElseThrow().topic());
            assertEquals(Topics.deadLetter(Topics.TASK_EVENTS),
                    dead.stream().filter(r -> ownerlessKey.equals(r.key())).findFirst().orElseThrow().topic());
        }
        JsonPath replay = Replays.await(OidcResource.user(owner), "user:" + owner, 1);
        assertEquals(List.of("RUNNING"), replay.getList("events.payload.status"),
                "the consumer carries on after a poison record, and stores nothing of it");
    }

    private static Set<Object> types(String token, String stream, int count) throws InterruptedException {
        return Set.copyOf(Replays.await(token, stream, count).getList("events.type"));
    }

    private static TaskEvent event(String owner, UUID taskId, TaskStatus status, long sequence) {
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, TaskKind.IMAGE_GENERATION,
                "local", status, status == TaskStatus.SUCCEEDED ? 1 : 0, null, sequence, List.of(), null, null);
    }
}
