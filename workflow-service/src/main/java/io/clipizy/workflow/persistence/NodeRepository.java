package io.clipizy.workflow.persistence;

import io.clipizy.kit.persistence.Rows;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.workflow.domain.NodeExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Node executions in PostgreSQL. */
@ApplicationScoped
public class NodeRepository {
    private static final String COLUMNS = "n.run_id, n.node_id, n.item_index, n.node_type, n.status, n.attempt, n.task_id, "
            + "n.progress, n.output::text AS output, n.error::text AS error, n.awaiting::text AS awaiting, n.started_at, n.finished_at";

    /** A node execution changed by a task event, with the run's correlation and the node's state before it. */
    public record TaskUpdate(NodeExecution node, NodeStatus previous, String ownerId, UUID projectId, UUID chatId) {
    }

    public Uni<List<NodeExecution>> forRun(SqlClient c, UUID runId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM node_execution n WHERE n.run_id = $1 ORDER BY n.started_at NULLS LAST, n.node_id, n.item_index")
                .execute(Tuple.of(runId)).map(rs -> Rows.all(rs, NodeRepository::map));
    }

    /**
     * Applies a task's state to the node that dispatched it, unless the node already ended or a newer event of the
     * task was applied (task events carry a per-task sequence); answers null when nothing changed.
     */
    public Uni<TaskUpdate> applyTask(SqlClient c, UUID taskId, String ownerId, long sequence, NodeStatus status,
                                     double progress, JsonNode output, ErrorInfo error) {
        String sql = "WITH previous AS (SELECT n.run_id, n.node_id, n.item_index, n.status FROM node_execution n "
                + "JOIN workflow_run r ON r.id = n.run_id WHERE n.task_id = $1 AND r.owner_id = $2 FOR UPDATE OF n) "
                + "UPDATE node_execution n SET status = $4, task_sequence = $3, progress = $5, "
                + "output = COALESCE($6::text::jsonb, n.output), error = $7::text::jsonb, "
                + "started_at = CASE WHEN $4 = 'PENDING' THEN n.started_at ELSE COALESCE(n.started_at, now()) END, "
                + "finished_at = CASE WHEN $4 IN ('SUCCEEDED', 'FAILED', 'CANCELLED') THEN now() ELSE NULL END, updated_at = now() "
                + "FROM previous p, workflow_run r WHERE n.run_id = p.run_id AND n.node_id = p.node_id AND n.item_index = p.item_index "
                + "AND r.id = n.run_id AND n.task_sequence < $3 AND n.status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED') "
                + "RETURNING " + COLUMNS + ", p.status AS previous_status, r.owner_id, r.project_id, r.chat_id";
        return c.preparedQuery(sql)
                .execute(Tuple.from(new Object[]{taskId, ownerId, sequence, status.wire(), progress,
                        output == null ? null : JsonCodec.encode(output), error == null ? null : JsonCodec.encode(error)}))
                .map(rs -> Rows.first(rs, r -> new TaskUpdate(map(r), NodeStatus.fromWire(r.getString("previous_status")),
                        r.getString("owner_id"), r.getUUID("project_id"), r.getUUID("chat_id"))));
    }

    /** Cancels every unfinished node of the run; answers the nodes that were cancelled. */
    public Uni<List<NodeExecution>> cancelUnfinished(SqlClient c, UUID runId) {
        return c.preparedQuery("UPDATE node_execution n SET status = 'CANCELLED', finished_at = now(), updated_at = now() "
                        + "WHERE n.run_id = $1 AND n.status IN ('PENDING', 'RUNNING', 'WAITING_INPUT') RETURNING " + COLUMNS)
                .execute(Tuple.of(runId)).map(rs -> Rows.all(rs, NodeRepository::map));
    }

    static NodeExecution map(Row r) {
        int item = r.getInteger("item_index");
        return new NodeExecution(r.getUUID("run_id"), r.getString("node_id"), item < 0 ? null : item,
                r.getString("node_type"), NodeStatus.fromWire(r.getString("status")), r.getInteger("attempt"),
                r.getUUID("task_id"), r.getDouble("progress"), Rows.json(r, "output"), Rows.error(r, "error"),
                Rows.json(r, "awaiting"), Rows.instant(r, "started_at"), Rows.instant(r, "finished_at"));
    }
}
