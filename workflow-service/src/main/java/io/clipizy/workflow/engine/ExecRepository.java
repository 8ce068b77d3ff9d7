package io.clipizy.workflow.engine;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Loads and saves the engine's view of a run's node executions. */
@ApplicationScoped
public class ExecRepository {
    private static final String COLUMNS = "run_id, node_id, item_index, node_type, status, attempt, task_id, task_sequence, progress, "
            + "output::text AS output, error::text AS error, params::text AS params, awaiting::text AS awaiting, "
            + "history::text AS history, not_before, started_at, finished_at, settled";
    private static final String UPSERT = "INSERT INTO node_execution (run_id, node_id, item_index, node_type, status, attempt, task_id, "
            + "task_sequence, progress, output, error, params, awaiting, history, not_before, started_at, finished_at, settled, updated_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb, $12::text::jsonb, $13::text::jsonb, "
            + "$14::text::jsonb, $15, $16, $17, $18, now()) ON CONFLICT (run_id, node_id, item_index) DO UPDATE SET "
            + "status = EXCLUDED.status, attempt = EXCLUDED.attempt, task_id = EXCLUDED.task_id, task_sequence = EXCLUDED.task_sequence, "
            + "progress = EXCLUDED.progress, output = EXCLUDED.output, error = EXCLUDED.error, params = EXCLUDED.params, "
            + "awaiting = EXCLUDED.awaiting, history = EXCLUDED.history, not_before = EXCLUDED.not_before, "
            + "started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, settled = EXCLUDED.settled, updated_at = now()";

    Uni<List<Exec>> load(SqlClient c, UUID runId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM node_execution WHERE run_id = $1 FOR UPDATE").execute(Tuple.of(runId))
                .map(rows -> {
                    List<Exec> list = new ArrayList<>();
                    rows.forEach(r -> list.add(map(r)));
                    return list;
                });
    }

    Uni<Void> save(SqlClient c, Collection<Exec> execs) {
        List<Tuple> batch = new ArrayList<>();
        for (Exec e : execs) {
            if (e.dirty) {
                batch.add(Tuple.from(new Object[]{e.runId, e.nodeId, e.item, e.nodeType, e.status.wire(), e.attempt, e.taskId,
                        e.taskSequence, e.progress, json(e.output), e.error == null ? null : JsonCodec.encode(e.error),
                        json(e.params), json(e.awaiting), json(e.history), offset(e.notBefore), offset(e.startedAt),
                        offset(e.finishedAt), e.settled}));
            }
        }
        return batch.isEmpty() ? Uni.createFrom().voidItem() : c.preparedQuery(UPSERT).executeBatch(batch).replaceWithVoid();
    }

    Uni<Void> delete(SqlClient c, UUID runId, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("DELETE FROM node_execution WHERE run_id = $1 AND node_id = ANY($2)")
                .execute(Tuple.of(runId, nodeIds.toArray(new String[0]))).replaceWithVoid();
    }

    private static String json(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : JsonCodec.encode(node);
    }

    private static Exec map(Row r) {
        Exec e = new Exec(r.getUUID("run_id"), r.getString("node_id"), r.getInteger("item_index"), r.getString("node_type"),
                NodeStatus.fromWire(r.getString("status")));
        e.attempt = r.getInteger("attempt");
        e.taskId = r.getUUID("task_id");
        e.taskSequence = r.getLong("task_sequence");
        e.progress = r.getDouble("progress");
        e.output = tree(r.getString("output"));
        String error = r.getString("error");
        e.error = error == null ? null : JsonCodec.decode(error, ErrorInfo.class);
        e.params = tree(r.getString("params"));
        e.awaiting = tree(r.getString("awaiting"));
        e.history = tree(r.getString("history"));
        e.notBefore = instant(r.getOffsetDateTime("not_before"));
        e.startedAt = instant(r.getOffsetDateTime("started_at"));
        e.finishedAt = instant(r.getOffsetDateTime("finished_at"));
        e.settled = r.getBoolean("settled");
        return e;
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String text) {
        return text == null ? null : JsonCodec.decode(text, com.fasterxml.jackson.databind.JsonNode.class);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime offset(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
