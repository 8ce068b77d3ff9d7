package io.clipizy.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.NodeFailed;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** task.events move generator nodes along, once per event and never backwards. */
@QuarkusTest
class TaskEventConsumerTest {

    private static TaskEvent event(String owner, UUID run, UUID task, TaskStatus status, long sequence, List<TaskOutput> outputs, ErrorInfo error) {
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, run, "frames", null), task, TaskKind.IMAGE_GENERATION,
                "local", status, status == TaskStatus.SUCCEEDED ? 1.0 : 0.5, status.wire(), sequence, outputs, null, error);
    }

    private static List<WorkflowEvent> nodeEvents(KafkaTestClient kafka, UUID run, Duration window) {
        return kafka.collect(r -> r.key().equals(run.toString()), window).stream()
                .map(r -> JsonCodec.decode(r.value(), WorkflowEvent.class)).toList();
    }

    @Test
    void aTaskMovesItsNodeOncePerEventAndNeverBackwards() throws Exception {
        UUID run = Fixtures.run("erin", null, null, "RUNNING");
        UUID task = UUID.randomUUID();
        Fixtures.node(run, "frames", "image_generation", "PENDING", task);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.WORKFLOW_EVENTS)) {
            String running = JsonCodec.encode(event("erin", run, task, TaskStatus.RUNNING, 1, List.of(), null));
            kafka.send(Topics.TASK_EVENTS, task.toString(), running);
            kafka.send(Topics.TASK_EVENTS, task.toString(), running);
            List<WorkflowEvent> started = nodeEvents(kafka, run, Duration.ofSeconds(6));
            assertEquals(1, started.size(), "a redelivered event has no second effect");
            assertInstanceOf(NodeStarted.class, started.get(0));
            assertEquals(task, ((NodeStarted) started.get(0)).taskId());

            UUID media = UUID.randomUUID();
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(event("erin", run, task, TaskStatus.SUCCEEDED, 2,
                    List.of(new TaskOutput(0, media, MediaKind.IMAGE, "image/png")), null)));
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(event("erin", run, task, TaskStatus.RUNNING, 1, List.of(), null)));
            List<WorkflowEvent> done = nodeEvents(kafka, run, Duration.ofSeconds(6));
            assertEquals(1, done.size(), "the stale RUNNING after SUCCEEDED changes nothing");
            NodeSucceeded succeeded = (NodeSucceeded) done.get(0);
            assertEquals(media.toString(), succeeded.output().path("outputs").path(0).path("mediaId").asText());
        }
        assertEquals("SUCCEEDED", Fixtures.nodeStatus(task));
    }

    @Test
    void aFailedTaskFailsItsNodeAndAnotherUsersEventIsIgnored() throws Exception {
        UUID run = Fixtures.run("frank", null, null, "RUNNING");
        UUID task = UUID.randomUUID();
        Fixtures.node(run, "frames", "image_generation", "RUNNING", task);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.WORKFLOW_EVENTS)) {
            ErrorInfo error = new ErrorInfo(ErrorCode.MODERATION, "The prompt was rejected by the provider's safety filter", false);
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(event("mallory", run, task, TaskStatus.FAILED, 5, List.of(),
                    new ErrorInfo(ErrorCode.INTERNAL, "forged", false))));
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(event("frank", run, task, TaskStatus.FAILED, 3, List.of(), error)));
            List<WorkflowEvent> events = nodeEvents(kafka, run, Duration.ofSeconds(6));
            assertEquals(1, events.size());
            assertEquals(ErrorCode.MODERATION, ((NodeFailed) events.get(0)).error().code());
        }
        assertEquals("FAILED", Fixtures.nodeStatus(task));
    }
}
