package io.clipizy.workflow.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.contracts.event.TaskStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One execution of a node of a run (one per forEach item; {@code itemIndex} null when it does not fan out);
 * {@code awaiting} is what a display node asks the person while it waits.
 */
public record NodeExecution(UUID runId, String nodeId, Integer itemIndex, String nodeType, NodeStatus status,
                            int attempt, UUID taskId, double progress, JsonNode output, ErrorInfo error,
                            JsonNode awaiting, Instant startedAt, Instant finishedAt) {

    /** The node state a task's state puts a generator node in; a queued task leaves the node PENDING. */
    public static NodeStatus forTask(TaskStatus task) {
        return switch (task) {
            case QUEUED -> NodeStatus.PENDING;
            case RUNNING -> NodeStatus.RUNNING;
            case SUCCEEDED -> NodeStatus.SUCCEEDED;
            case FAILED -> NodeStatus.FAILED;
            case CANCELLED -> NodeStatus.CANCELLED;
        };
    }
}
