package io.clipizy.workflow.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.workflow.domain.NodeExecution;
import io.clipizy.workflow.engine.RunEngine;
import io.clipizy.workflow.persistence.NodeRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a task's progress into its generator node's state: announces the node's start on {@code workflow.events},
 * and hands finished tasks to the engine, which decides what they mean.
 */
@ApplicationScoped
public class TaskProgress {
    @Inject
    NodeRepository nodes;

    @Inject
    Outbox outbox;

    @Inject
    RunEngine engine;

    private final Counter advanced;
    private final Counter progressed;
    private final Counter ignored;

    @Inject
    public TaskProgress(MeterRegistry registry) {
        String name = "clipizy.workflow.task.events";
        String description = "Task events applied to their generator node, by what they caused";
        advanced = Counter.builder(name).description(description).tag("effect", "run-advanced").register(registry);
        progressed = Counter.builder(name).description(description).tag("effect", "node-updated").register(registry);
        ignored = Counter.builder(name).description(description).tag("effect", "ignored").register(registry);
    }

    /**
     * Applies the event in the caller's transaction; a task's end then lets the engine act on it (announce, retry,
     * re-ask an agent, start what became ready). An unknown task, a stale or a late event changes nothing.
     */
    public Uni<Void> apply(SqlConnection tx, TaskEvent event) {
        NodeStatus status = NodeExecution.forTask(event.status());
        JsonNode output = event.status() == TaskStatus.SUCCEEDED ? output(event) : null;
        ErrorInfo error = event.error();
        if (event.status() == TaskStatus.CANCELLED) {
            error = new ErrorInfo(ErrorCode.CANCELLED, event.message() == null ? "The task was cancelled" : event.message(), false);
        }
        return nodes.applyTask(tx, event.taskId(), event.ownerId(), event.sequence(), status, event.progress(), output, error)
                .chain(update -> {
                    if (update == null) {
                        ignored.increment();
                        return Uni.createFrom().voidItem();
                    }
                    if (!ends(update.node().status())) {
                        // queued, started or progressed: the node row says so, and nothing else in the run can change
                        // because of it (what waits on time — retries, the deadline — is the sweeper's), so the run is
                        // neither locked nor loaded: most of a task's events are these
                        progressed.increment();
                        return announceStart(tx, update);
                    }
                    advanced.increment();
                    return engine.advance(tx, update.node().runId());
                });
    }

    private static boolean ends(NodeStatus status) {
        return status == NodeStatus.SUCCEEDED || status == NodeStatus.FAILED || status == NodeStatus.CANCELLED;
    }

    /**
     * A generator node's output: for media tasks {@code {media: [...], mediaId, kind, contentType, result}} (the first
     * output is the usual one to pass on), otherwise the task's result itself (an analysis, an LLM answer).
     */
    static JsonNode output(TaskEvent event) {
        if (event.outputs().isEmpty()) {
            return event.result() == null ? JsonCodec.mapper().createObjectNode() : event.result();
        }
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.set("media", JsonCodec.tree(event.outputs()));
        out.put("mediaId", event.outputs().get(0).mediaId().toString());
        out.put("kind", event.outputs().get(0).kind().wire());
        out.put("contentType", event.outputs().get(0).contentType());
        if (event.result() != null) {
            out.set("result", event.result());
        }
        return out;
    }

    private Uni<Void> announceStart(SqlConnection tx, NodeRepository.TaskUpdate update) {
        NodeExecution n = update.node();
        if (n.status() == NodeStatus.RUNNING && update.previous() != NodeStatus.RUNNING) {
            return outbox.append(tx, NodeStarted.of(update.ownerId(), update.projectId(), update.chatId(), n.runId(),
                    n.nodeId(), n.nodeType(), n.itemIndex(), n.taskId()));
        }
        return Uni.createFrom().voidItem();
    }
}
