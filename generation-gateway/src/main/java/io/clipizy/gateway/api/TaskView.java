package io.clipizy.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.domain.Task;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task as its owner sees it over the API. */
public record TaskView(UUID id, TaskKind kind, String provider, TaskStatus status, double progress, String message,
                       UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex, JsonNode params,
                       List<TaskOutput> outputs, JsonNode result, ErrorInfo error, int attempts, Instant deadline,
                       Instant createdAt, Instant startedAt, Instant finishedAt) {

    public static TaskView of(Task t) {
        return new TaskView(t.id(), t.kind(), t.provider(), t.status(), t.progress(), t.message(), t.projectId(),
                t.chatId(), t.runId(), t.nodeId(), t.itemIndex(), t.params(), t.outputs(), t.result(), t.error(),
                t.attempts(), t.deadline(), t.createdAt(), t.startedAt(), t.finishedAt());
    }
}
