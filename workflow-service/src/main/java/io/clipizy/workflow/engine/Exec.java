package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One node execution while the engine decides what happens next: loaded from its row, changed in memory, and
 * written back when {@link #dirty} (inserted when {@link #fresh}). {@code item} is -1 for a node without forEach and
 * for the parent row of a forEach node.
 */
final class Exec {
    final UUID runId;
    final String nodeId;
    final int item;
    final String nodeType;
    NodeStatus status;
    int attempt = 1;
    UUID taskId;
    long taskSequence = -1;
    double progress;
    JsonNode output;
    ErrorInfo error;
    JsonNode params;
    JsonNode awaiting;
    JsonNode history;
    Instant notBefore;
    Instant startedAt;
    Instant finishedAt;
    boolean settled;
    boolean fresh;
    boolean dirty;

    Exec(UUID runId, String nodeId, int item, String nodeType, NodeStatus status) {
        this.runId = runId;
        this.nodeId = nodeId;
        this.item = item;
        this.nodeType = nodeType;
        this.status = status;
    }

    static Exec created(UUID runId, String nodeId, int item, String nodeType, NodeStatus status, Instant now) {
        Exec e = new Exec(runId, nodeId, item, nodeType, status);
        e.fresh = true;
        e.dirty = true;
        e.startedAt = now;
        return e;
    }

    boolean terminal() {
        return status == NodeStatus.SUCCEEDED || status == NodeStatus.FAILED || status == NodeStatus.CANCELLED
                || status == NodeStatus.SKIPPED;
    }

    /** Finished successfully and acted upon: dependants may use its output. */
    boolean done() {
        return status == NodeStatus.SKIPPED || (status == NodeStatus.SUCCEEDED && settled);
    }

    boolean failedFinally() {
        return (status == NodeStatus.FAILED || status == NodeStatus.CANCELLED) && settled;
    }

    /** Dispatched to the gateway and not yet back. */
    boolean inFlight() {
        return taskId != null && (status == NodeStatus.PENDING || status == NodeStatus.RUNNING);
    }

    void finish(NodeStatus newStatus, JsonNode newOutput, ErrorInfo newError, Instant now) {
        status = newStatus;
        output = newOutput;
        error = newError;
        settled = true;
        finishedAt = now;
        progress = newStatus == NodeStatus.SUCCEEDED ? 1 : progress;
        dirty = true;
    }

    Integer itemIndex() {
        return item < 0 ? null : item;
    }
}
