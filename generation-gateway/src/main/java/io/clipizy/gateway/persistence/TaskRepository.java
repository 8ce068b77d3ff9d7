package io.clipizy.gateway.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.domain.Task;
import io.clipizy.kit.persistence.Rows;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Tasks in PostgreSQL, through the reactive client: plain SQL, one statement per operation. */
@ApplicationScoped
public class TaskRepository {
    private static final String COLUMNS = "id, owner_id, project_id, chat_id, run_id, node_id, item_index, kind, provider, "
            + "params::text AS params, status, progress, message, sequence, outputs::text AS outputs, result::text AS result, "
            + "error::text AS error, attempts, deadline, created_at, started_at, finished_at";
    private static final TypeReference<List<TaskOutput>> OUTPUTS = new TypeReference<>() {
    };

    /** Inserts the task unless one with its id exists; answers whether it was inserted. */
    public Uni<Boolean> insertIfAbsent(SqlConnection tx, Task t) {
        return tx.preparedQuery("INSERT INTO task (id, owner_id, project_id, chat_id, run_id, node_id, item_index, kind, "
                        + "provider, params, status, progress, message, sequence, attempts, deadline) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12, $13, $14, $15, $16) "
                        + "ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(new Object[]{t.id(), t.ownerId(), t.projectId(), t.chatId(), t.runId(), t.nodeId(),
                        t.itemIndex(), t.kind().wire(), t.provider(), JsonCodec.encode(t.params()), t.status().wire(),
                        t.progress(), t.message(), t.sequence(), t.attempts(), offset(t.deadline())}))
                .map(rs -> rs.rowCount() == 1);
    }

    public Uni<Task> find(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM task WHERE id = $1").execute(Tuple.of(id))
                .map(rs -> Rows.first(rs, TaskRepository::map));
    }

    /** The owner's tasks, newest first, optionally filtered. */
    public Uni<Page<Task>> list(SqlClient client, String ownerId, TaskStatus status, TaskKind kind, UUID projectId,
                                int page, int size) {
        String where = "owner_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3) "
                + "AND ($4::uuid IS NULL OR project_id = $4)";
        Object[] filter = {ownerId, status == null ? null : status.wire(), kind == null ? null : kind.wire(), projectId};
        Uni<List<Task>> items = client.preparedQuery("SELECT " + COLUMNS + " FROM task WHERE " + where
                        + " ORDER BY created_at DESC, id LIMIT $5 OFFSET $6")
                .execute(Tuple.from(filter).addInteger(size).addLong((long) page * size))
                .map(rs -> Rows.all(rs, TaskRepository::map));
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM task WHERE " + where).execute(Tuple.from(filter))
                .map(Rows::count);
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    /**
     * Moves an unfinished task to CANCELLED (bumping its event sequence); answers the updated task, or null when the
     * task had already ended.
     */
    public Uni<Task> cancel(SqlConnection tx, UUID id, String ownerId, String message) {
        return tx.preparedQuery("UPDATE task SET status = 'CANCELLED', message = $2, sequence = sequence + 1, "
                        + "finished_at = now(), updated_at = now() WHERE id = $1 AND owner_id = $3 "
                        + "AND status IN ('QUEUED', 'RUNNING') RETURNING " + COLUMNS)
                .execute(Tuple.of(id, message, ownerId))
                .map(rs -> Rows.first(rs, TaskRepository::map));
    }

    private static Task map(Row r) {
        return new Task(r.getUUID("id"), r.getString("owner_id"), r.getUUID("project_id"), r.getUUID("chat_id"),
                r.getUUID("run_id"), r.getString("node_id"), r.getInteger("item_index"),
                TaskKind.fromWire(r.getString("kind")), r.getString("provider"), Rows.json(r, "params"),
                TaskStatus.fromWire(r.getString("status")), r.getDouble("progress"), r.getString("message"),
                r.getLong("sequence"), outputs(r.getString("outputs")), Rows.json(r, "result"),
                Rows.error(r, "error"), r.getInteger("attempts"), Rows.instant(r, "deadline"),
                Rows.instant(r, "created_at"), Rows.instant(r, "started_at"),
                Rows.instant(r, "finished_at"));
    }

    private static List<TaskOutput> outputs(String json) {
        try {
            return JsonCodec.mapper().readValue(json, OUTPUTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable task outputs", e);
        }
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
