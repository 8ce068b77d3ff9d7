package io.clipizy.gateway.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.domain.TaskRunState;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.persistence.Rows;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

    /**
     * Inserts the queued task and, in the same statement, its event in the outbox: one round trip, atomic without an
     * explicit transaction (a single statement commits or fails as a whole, so the transactional-outbox guarantee
     * holds). Answers the inserted task as stored, or null when a task with its id already exists (then neither row is
     * written). {@code event} is the outbox row of {@link Task#event()}, from {@link Outbox#values}. The same statement
     * as {@link #insertAllWithEvents}, with one row, so the rules of a new task (its deadline, its place in the claim
     * order) are written once.
     */
    public Uni<Task> insertWithEvent(SqlClient client, Task t, Duration defaultTimeout, Object[] event) {
        return insertAllWithEvents(client, List.of(t), defaultTimeout, List.<Object[]>of(event))
                .map(stored -> stored.isEmpty() ? null : stored.get(0));
    }

    /**
     * Inserts queued tasks and their outbox events in one statement (rows from {@code unnest} of one array per column):
     * the tasks and the events of those inserted, atomic as a whole; {@code events.get(i)} is the outbox row of
     * {@code ts.get(i)}'s event, from {@link Outbox#values}. Answers the tasks inserted, as stored, in no
     * particular order; a task whose id already existed is missing (and its event not written). The ids must differ.
     */
    public Uni<List<Task>> insertAllWithEvents(SqlClient client, List<Task> ts, Duration defaultTimeout,
                                               List<Object[]> events) {
        int n = ts.size();
        UUID[] id = new UUID[n], projectId = new UUID[n], chatId = new UUID[n], runId = new UUID[n], eventId = new UUID[n];
        String[] ownerId = new String[n], nodeId = new String[n], kind = new String[n], provider = new String[n],
                params = new String[n], status = new String[n], message = new String[n];
        Integer[] itemIndex = new Integer[n], attempts = new Integer[n];
        Double[] progress = new Double[n];
        Long[] sequence = new Long[n];
        OffsetDateTime[] deadline = new OffsetDateTime[n];
        String[][] event = new String[5][n]; // topic, record_key, record_type, payload, traceparent (Outbox.values)
        for (int i = 0; i < n; i++) {
            Task t = ts.get(i);
            id[i] = t.id();
            ownerId[i] = t.ownerId();
            projectId[i] = t.projectId();
            chatId[i] = t.chatId();
            runId[i] = t.runId();
            nodeId[i] = t.nodeId();
            itemIndex[i] = t.itemIndex();
            kind[i] = t.kind().wire();
            provider[i] = t.provider();
            params[i] = JsonCodec.encode(t.params());
            status[i] = t.status().wire();
            progress[i] = t.progress();
            message[i] = t.message();
            sequence[i] = t.sequence();
            attempts[i] = t.attempts();
            deadline[i] = offset(t.deadline());
            Object[] e = events.get(i);
            eventId[i] = (UUID) e[0];
            for (int c = 0; c < 5; c++) {
                event[c][i] = (String) e[c + 1];
            }
        }
        return client.preparedQuery(INSERT_ALL_WITH_EVENTS)
                .execute(Tuple.from(new Object[]{defaultTimeout.toMillis(), id, ownerId, projectId, chatId, runId,
                        nodeId, itemIndex, kind, provider, params, status, progress, message, sequence, attempts,
                        deadline, eventId, event[0], event[1], event[2], event[3], event[4]}))
                .map(rs -> Rows.all(rs, TaskRepository::map));
    }

    private static final String INSERT_ALL_WITH_EVENTS = "WITH v AS (SELECT * FROM unnest($2::uuid[], $3::text[], "
            + "$4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], "
            + "$12::text[], $13::float8[], $14::text[], $15::bigint[], $16::int[], $17::timestamptz[], $18::uuid[], "
            + "$19::text[], $20::text[], $21::text[], $22::text[], $23::text[]) AS v(id, owner_id, project_id, chat_id, "
            + "run_id, node_id, item_index, kind, provider, params, status, progress, message, sequence, attempts, "
            + "deadline, event_id, topic, record_key, record_type, payload, traceparent)), "
            + "t AS (INSERT INTO task (id, owner_id, project_id, chat_id, run_id, node_id, item_index, kind, provider, "
            + "requested_provider, params, status, progress, message, sequence, attempts, deadline, queue_at) "
            + "SELECT v.id, v.owner_id, v.project_id, v.chat_id, v.run_id, v.node_id, v.item_index, v.kind, "
            + "v.provider, v.provider, v.params::jsonb, v.status, v.progress, v.message, v.sequence, v.attempts, "
            + "COALESCE(v.deadline, now() + $1::bigint * interval '1 millisecond'), "
            // a run's tasks queue behind older runs' tasks and ahead of younger ones (V21__claim_by_run_age.sql);
            // tasks of one new run in one statement all get now(), the statement's time
            + "COALESCE((SELECT min(q.queue_at) FROM task q WHERE q.run_id = v.run_id), now()) FROM v "
            + "ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS + "), "
            + "o AS (INSERT INTO outbox (" + Outbox.COLUMNS + ") "
            + "SELECT v.event_id, v.topic, v.record_key, v.record_type, v.payload, v.traceparent FROM v JOIN t ON t.id = v.id) "
            + "SELECT * FROM t";

    /**
     * Claims up to {@code limit} unfinished tasks for executor {@code executorId}, the oldest run's first (then the
     * oldest task): QUEUED ones (moved to RUNNING here, their event sequence bumped) and RUNNING ones whose executor's lease ran out (adopted as they
     * are). Tasks past their deadline are left to the sweeper; rows another transaction holds are skipped.
     */
    public Uni<List<TaskRunState>> claim(SqlConnection tx, String executorId, Duration lease, int limit) {
        return tx.preparedQuery("WITH picked AS (SELECT id, status AS was FROM task "
                        + "WHERE status IN ('QUEUED', 'RUNNING') AND (deadline IS NULL OR deadline > now()) "
                        + "AND (executor_id IS NULL OR heartbeat_at IS NULL "
                        + "OR heartbeat_at < now() - $2::bigint * interval '1 millisecond') "
                        + "ORDER BY queue_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED) "
                        + "UPDATE task t SET executor_id = $1, heartbeat_at = now(), status = 'RUNNING', "
                        + "started_at = COALESCE(t.started_at, now()), updated_at = now(), "
                        + "sequence = CASE WHEN picked.was = 'QUEUED' THEN t.sequence + 1 ELSE t.sequence END, "
                        + "message = CASE WHEN picked.was = 'QUEUED' THEN 'Starting' ELSE t.message END "
                        + "FROM picked WHERE t.id = picked.id RETURNING " + prefixed("t") + ", picked.was AS was")
                .execute(Tuple.of(executorId, lease.toMillis(), limit))
                .map(rs -> Rows.all(rs, r -> runState(r, "QUEUED".equals(r.getString("was")))));
    }

    /**
     * Renews the lease of the executor's RUNNING tasks among {@code ids}; answers the ids it still holds (a task that
     * was cancelled, swept or adopted elsewhere is missing).
     */
    public Uni<List<UUID>> heartbeat(SqlClient client, String executorId, List<UUID> ids) {
        return client.preparedQuery("UPDATE task SET heartbeat_at = now() WHERE id = ANY($1) AND executor_id = $2 "
                        + "AND status = 'RUNNING' RETURNING id")
                .execute(Tuple.of(ids.toArray(new UUID[0]), executorId))
                .map(rs -> Rows.all(rs, r -> r.getUUID("id")));
    }

    /** Gives up the executor's leases at shutdown, so another instance adopts its tasks without waiting. */
    public Uni<Integer> releaseLeases(SqlClient client, String executorId) {
        return client.preparedQuery("UPDATE task SET heartbeat_at = NULL WHERE executor_id = $1 "
                        + "AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(executorId)).map(rs -> rs.rowCount());
    }

    /** Records the progress of a RUNNING task the executor holds; answers the updated task, or null. */
    public Uni<Task> progress(SqlConnection tx, UUID id, String executorId, double progress, String message) {
        return tx.preparedQuery("UPDATE task SET progress = $3, message = $4, sequence = sequence + 1, "
                        + "heartbeat_at = now(), updated_at = now() WHERE id = $1 AND executor_id = $2 "
                        + "AND status = 'RUNNING' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, executorId, Math.max(0, Math.min(1, progress)), message))
                .map(rs -> Rows.first(rs, TaskRepository::map));
    }

    /** Records the credits billing-service reserved for the task. */
    public Uni<Boolean> reserved(SqlClient client, UUID id, String executorId, long credits) {
        return client.preparedQuery("UPDATE task SET credits_reserved = $3, updated_at = now() WHERE id = $1 "
                        + "AND executor_id = $2 AND status = 'RUNNING'")
                .execute(Tuple.of(id, executorId, credits)).map(rs -> rs.rowCount() == 1);
    }

    /**
     * Stores the provider running the task and its job (before following it, so a restart can re-attach); answers
     * false when the task is no longer this executor's RUNNING task.
     */
    public Uni<Boolean> started(SqlClient client, UUID id, String executorId, ProviderJob job) {
        return client.preparedQuery("UPDATE task SET provider = $3, provider_job = $4::text::jsonb, "
                        + "provider_job_ids = $5::text::jsonb, updated_at = now() WHERE id = $1 AND executor_id = $2 "
                        + "AND status = 'RUNNING'")
                .execute(Tuple.from(new Object[]{id, executorId, job.provider(), JsonCodec.encode(job),
                        JsonCodec.encode(job.jobIds())}))
                .map(rs -> rs.rowCount() == 1);
    }

    /** RUNNING → SUCCEEDED with its outputs and result; null when the task is no longer this executor's RUNNING task. */
    public Uni<Task> succeed(SqlConnection tx, UUID id, String executorId, List<TaskOutput> outputs,
                             com.fasterxml.jackson.databind.JsonNode result) {
        return tx.preparedQuery("UPDATE task SET status = 'SUCCEEDED', progress = 1, message = 'Done', "
                        + "sequence = sequence + 1, outputs = $3::text::jsonb, result = $4::text::jsonb, "
                        + "finished_at = now(), updated_at = now() WHERE id = $1 AND executor_id = $2 "
                        + "AND status = 'RUNNING' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, executorId, JsonCodec.encode(outputs),
                        result == null ? null : JsonCodec.encode(result)))
                .map(rs -> Rows.first(rs, TaskRepository::map));
    }

    /** RUNNING → FAILED with its error; null when the task is no longer this executor's RUNNING task. */
    public Uni<Task> fail(SqlConnection tx, UUID id, String executorId, ErrorInfo error) {
        return tx.preparedQuery("UPDATE task SET status = 'FAILED', message = $3, sequence = sequence + 1, "
                        + "error = $4::text::jsonb, finished_at = now(), updated_at = now() WHERE id = $1 "
                        + "AND executor_id = $2 AND status = 'RUNNING' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, executorId, error.message(), JsonCodec.encode(error)))
                .map(rs -> Rows.first(rs, TaskRepository::map));
    }

    /** Unfinished tasks past their deadline, oldest deadline first. */
    public Uni<List<UUID>> expired(SqlClient client, int limit) {
        return client.preparedQuery("SELECT id FROM task WHERE status IN ('QUEUED', 'RUNNING') AND deadline < now() "
                        + "ORDER BY deadline LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rs -> Rows.all(rs, r -> r.getUUID("id")));
    }

    /**
     * Fails an unfinished task whose deadline passed with {@code error}; answers its state (with the provider job to
     * cancel), or null when it ended meanwhile.
     */
    public Uni<TaskRunState> expire(SqlConnection tx, UUID id, ErrorInfo error) {
        return tx.preparedQuery("UPDATE task SET status = 'FAILED', message = $2, sequence = sequence + 1, "
                        + "error = $3::text::jsonb, finished_at = now(), updated_at = now() WHERE id = $1 "
                        + "AND status IN ('QUEUED', 'RUNNING') AND deadline < now() RETURNING " + COLUMNS
                        + ", requested_provider, provider_job::text AS provider_job")
                .execute(Tuple.of(id, error.message(), JsonCodec.encode(error)))
                .map(rs -> Rows.first(rs, r -> runState(r, false)));
    }

    /** The task with its execution columns (provider job, requested provider). */
    public Uni<TaskRunState> findRunState(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + ", requested_provider, provider_job::text AS provider_job "
                        + "FROM task WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rs -> Rows.first(rs, r -> runState(r, false)));
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

    private static TaskRunState runState(Row r, boolean started) {
        String job = r.getString("provider_job");
        return new TaskRunState(map(r), r.getString("requested_provider"),
                job == null ? null : JsonCodec.decode(job, ProviderJob.class), started);
    }

    /** The task columns qualified by a table alias (for statements that join). */
    private static String prefixed(String alias) {
        return ("id, owner_id, project_id, chat_id, run_id, node_id, item_index, kind, provider, requested_provider, "
                + "status, progress, message, sequence, attempts, deadline, created_at, started_at, finished_at")
                .replaceAll("(\\w+)", alias + ".$1")
                + ", " + alias + ".params::text AS params, " + alias + ".outputs::text AS outputs, "
                + alias + ".result::text AS result, " + alias + ".error::text AS error, "
                + alias + ".provider_job::text AS provider_job";
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
