package io.clipizy.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Plays the generation gateway over the real broker: reads the run's GenerationRequested commands and answers with
 * TaskEvents (running, then succeeded with media or a result, or failed), as the real gateway would.
 */
final class FakeGateway implements AutoCloseable {
    private final KafkaTestClient kafka = new KafkaTestClient(Topics.GENERATION_REQUESTS);
    private final UUID runId;

    FakeGateway(UUID runId) {
        this.runId = runId;
    }

    /** The next {@code count} task requests of the run, in order. */
    List<GenerationRequested> requests(int count) {
        List<GenerationRequested> found = kafka.await(r -> {
            GenerationCommand c = JsonCodec.decode(r.value(), GenerationCommand.class);
            return c instanceof GenerationRequested g && runId.equals(g.runId());
        }, count, Duration.ofSeconds(30)).stream().map(r -> (GenerationRequested) JsonCodec.decode(r.value(), GenerationCommand.class)).toList();
        assertEquals(count, found.size(), "task requests of run " + runId);
        return found;
    }

    /** Asserts that no further task request arrives within the window. */
    void expectNoRequest(Duration window) {
        assertEquals(List.of(), kafka.collect(r -> {
            GenerationCommand c = JsonCodec.decode(r.value(), GenerationCommand.class);
            return c instanceof GenerationRequested g && runId.equals(g.runId());
        }, window));
    }

    void running(GenerationRequested r) {
        send(r, TaskStatus.RUNNING, 1, List.of(), null, null);
    }

    /** Succeeds with a result and no media (an analysis, an LLM answer). */
    void result(GenerationRequested r, JsonNode result) {
        running(r);
        send(r, TaskStatus.SUCCEEDED, 2, List.of(), result, null);
    }

    /** Succeeds with one stored media output; answers its media id. */
    UUID media(GenerationRequested r, MediaKind kind, String contentType) {
        UUID media = UUID.randomUUID();
        running(r);
        send(r, TaskStatus.SUCCEEDED, 2, List.of(new TaskOutput(0, media, kind, contentType)), null, null);
        return media;
    }

    void fail(GenerationRequested r, ErrorInfo error) {
        send(r, TaskStatus.FAILED, 2, List.of(), null, error);
    }

    void send(GenerationRequested r, TaskStatus status, long sequence, List<TaskOutput> outputs, JsonNode result, ErrorInfo error) {
        TaskEvent event = TaskEvent.of(new TaskEvent.Correlation(r.ownerId(), r.projectId(), r.chatId(), r.runId(), r.nodeId(),
                r.itemIndex()), r.taskId(), r.kind(), "local", status, status == TaskStatus.SUCCEEDED ? 1 : 0.5, status.wire(),
                sequence, outputs, result, error);
        kafka.send(Topics.TASK_EVENTS, r.taskId().toString(), JsonCodec.encode(event));
    }

    KafkaTestClient kafka() {
        return kafka;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
