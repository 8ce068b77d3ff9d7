package io.clipizy.workflow.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeFailed;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.workflow.domain.NodeExecution;
import io.clipizy.workflow.persistence.NodeRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a task's progress into its generator node's state, and announces the node-level changes on
 * {@code workflow.events}: started, succeeded (with the task's outputs) or failed (with the task's error).
 */
@ApplicationScoped
public class TaskProgress {
    @Inject
    NodeRepository nodes;

    @Inject
    Outbox outbox;

    /** Applies the event in the caller's transaction; an unknown task, a stale or a late event changes nothing. */
    public Uni<Void> apply(SqlConnection tx, TaskEvent event) {
        NodeStatus status = NodeExecution.forTask(event.status());
        ObjectNode output = null;
        if (event.status() == TaskStatus.SUCCEEDED) {
            output = JsonCodec.mapper().createObjectNode();
            output.set("outputs", JsonCodec.tree(event.outputs()));
            if (event.result() != null) {
                output.set("result", event.result());
            }
        }
        ErrorInfo error = event.error();
        if (event.status() == TaskStatus.CANCELLED) {
            error = new ErrorInfo(ErrorCode.CANCELLED, event.message() == null ? "The task was cancelled" : event.message(), false);
        }
        return nodes.applyTask(tx, event.taskId(), event.ownerId(), event.sequence(), status, event.progress(), output, error)
                .chain(update -> update == null ? Uni.createFrom().voidItem() : announce(tx, update));
    }

    private Uni<Void> announce(SqlConnection tx, NodeRepository.TaskUpdate update) {
        NodeExecution n = update.node();
        if (n.status() == NodeStatus.RUNNING && update.previous() != NodeStatus.RUNNING) {
            return outbox.append(tx, NodeStarted.of(update.ownerId(), update.projectId(), update.chatId(), n.runId(),
                    n.nodeId(), n.nodeType(), n.itemIndex(), n.taskId()));
        }
        if (n.status() == NodeStatus.SUCCEEDED) {
            return outbox.append(tx, NodeSucceeded.of(update.ownerId(), update.projectId(), update.chatId(), n.runId(),
                    n.nodeId(), n.nodeType(), n.itemIndex(), n.output()));
        }
        if (n.status() == NodeStatus.FAILED || n.status() == NodeStatus.CANCELLED) {
            return outbox.append(tx, NodeFailed.of(update.ownerId(), update.projectId(), update.chatId(), n.runId(),
                    n.nodeId(), n.nodeType(), n.itemIndex(), n.error()));
        }
        return Uni.createFrom().voidItem();
    }
}
