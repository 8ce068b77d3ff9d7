package io.clipizy.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One unit of generative or analysis work and where it stands. */
public record Task(UUID id, String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex,
                   TaskKind kind, String provider, JsonNode params, TaskStatus status, double progress, String message,
                   long sequence, List<TaskOutput> outputs, JsonNode result, ErrorInfo error, int attempts,
                   Instant deadline, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** A new QUEUED task for a request (its deterministic id included). */
    public static Task queued(GenerationRequested request) {
        return new Task(request.taskId(), request.ownerId(), request.projectId(), request.chatId(), request.runId(),
                request.nodeId(), request.itemIndex(), request.kind(), request.provider(), request.params(),
                TaskStatus.QUEUED, 0, "Queued", 0, List.of(), null, null, request.attempt(), request.deadline(),
                Instant.now(), null, null);
    }

    public TaskEvent.Correlation correlation() {
        return new TaskEvent.Correlation(ownerId, projectId, chatId, runId, nodeId, itemIndex);
    }

    /** The event announcing this task's current state. */
    public TaskEvent event() {
        return TaskEvent.of(correlation(), id, kind, provider, status, progress, message, sequence, outputs, result, error);
    }
}
