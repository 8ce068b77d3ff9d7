package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.kit.persistence.Rows;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Job rows in PostgreSQL, and the state of their tasks read from the {@code task} table (read only: tasks change only
 * through {@code TaskService}).
 */
@ApplicationScoped
public class JobRepository {
    /** {@link JobStatus#of} in SQL over the job's tasks, for filtering and counting by status. */
    static final String STATUS_SQL = "(SELECT CASE "
            + "WHEN bool_or(t.status = 'RUNNING') OR (bool_or(t.status = 'QUEUED') "
            + "AND bool_or(t.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED'))) THEN 'RUNNING' "
            + "WHEN bool_or(t.status = 'QUEUED') THEN 'QUEUED' "
            + "WHEN bool_or(t.status = 'SUCCEEDED') THEN 'SUCCEEDED' "
            + "WHEN bool_or(t.status = 'FAILED') THEN 'FAILED' ELSE 'CANCELLED' END "
            + "FROM task t WHERE t.id = ANY(j.task_ids))";
    private static final String COLUMNS = "j.id, j.owner_id, j.media, j.prompt, j.n_variants, j.n_seconds, j.width, "
            + "j.height, j.provider, j.task_ids, j.created_at";
    private static final TypeReference<List<TaskOutput>> OUTPUTS = new TypeReference<>() {
    };

    public Uni<Void> insert(SqlConnection tx, VideoJob job) {
        return tx.preparedQuery("INSERT INTO video_job (id, owner_id, media, prompt, n_variants, n_seconds, width, height, "
                        + "provider, task_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(new Object[]{job.id(), job.ownerId(), job.media().wire(), job.prompt(), job.nVariants(),
                        job.nSeconds(), job.width(), job.height(), job.provider(), job.taskIds().toArray(new UUID[0])}))
                .replaceWithVoid();
    }

    /** The owner's job of that media, or null (another user's job is as absent as an unknown one). */
    public Uni<VideoJob> find(SqlClient client, String ownerId, JobMedia media, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM video_job j WHERE j.id = $1 AND j.owner_id = $2 AND j.media = $3")
                .execute(Tuple.of(id, ownerId, media.wire()))
                .map(rs -> Rows.first(rs, JobRepository::map));
    }

    /** The owner's jobs of that media, newest first, optionally only those with a status. */
    public Uni<Page<VideoJob>> list(SqlClient client, String ownerId, JobMedia media, TaskStatus status, int page, int size) {
        String where = "j.owner_id = $1 AND j.media = $2 AND ($3::text IS NULL OR " + STATUS_SQL + " = $3)";
        Object[] filter = {ownerId, media.wire(), status == null ? null : status.wire()};
        Uni<List<VideoJob>> items = client.preparedQuery("SELECT " + COLUMNS + " FROM video_job j WHERE " + where
                        + " ORDER BY j.created_at DESC, j.id LIMIT $4 OFFSET $5")
                .execute(Tuple.from(filter).addInteger(size).addLong((long) page * size))
                .map(rs -> Rows.all(rs, JobRepository::map));
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM video_job j WHERE " + where)
                .execute(Tuple.from(filter)).map(Rows::count);
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    /** The tasks with these ids that belong to the owner. */
    public Uni<List<JobTask>> tasks(SqlClient client, String ownerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery("SELECT id, provider, status, progress, message, outputs::text AS outputs, "
                        + "error::text AS error, finished_at FROM task WHERE id = ANY($1) AND owner_id = $2")
                .execute(Tuple.of(ids.toArray(new UUID[0]), ownerId))
                .map(rs -> Rows.all(rs, JobRepository::mapTask));
    }

    /** Deletes the owner's job row; answers whether there was one. */
    public Uni<Boolean> delete(SqlConnection tx, String ownerId, JobMedia media, UUID id) {
        return tx.preparedQuery("DELETE FROM video_job WHERE id = $1 AND owner_id = $2 AND media = $3")
                .execute(Tuple.of(id, ownerId, media.wire())).map(rs -> rs.rowCount() == 1);
    }

    /** Deletes every job of the owner whose status is FAILED; answers the deleted ids. */
    public Uni<List<UUID>> deleteFailed(SqlConnection tx, String ownerId, JobMedia media) {
        return tx.preparedQuery("DELETE FROM video_job j WHERE j.owner_id = $1 AND j.media = $2 AND " + STATUS_SQL
                        + " = 'FAILED' RETURNING j.id")
                .execute(Tuple.of(ownerId, media.wire()))
                .map(rs -> Rows.all(rs, r -> r.getUUID("id")));
    }

    /**
     * The owner's job (of that media) whose tasks produced the media id, or null: a generation is readable only by the
     * owner of the job that made it.
     */
    public Uni<VideoJob> findByGeneration(SqlClient client, String ownerId, JobMedia media, UUID mediaId) {
        String contains = "[{\"mediaId\":\"" + mediaId + "\"}]";
        return client.preparedQuery("SELECT " + COLUMNS + " FROM video_job j WHERE j.owner_id = $1 AND j.media = $2 "
                        + "AND EXISTS (SELECT 1 FROM task t WHERE t.id = ANY(j.task_ids) AND t.owner_id = $1 "
                        + "AND t.outputs @> $3::text::jsonb) LIMIT 1")
                .execute(Tuple.of(ownerId, media.wire(), contains))
                .map(rs -> Rows.first(rs, JobRepository::map));
    }

    private static VideoJob map(Row r) {
        return new VideoJob(r.getUUID("id"), r.getString("owner_id"),
                "image".equals(r.getString("media")) ? JobMedia.IMAGE : JobMedia.VIDEO, r.getString("prompt"),
                r.getInteger("n_variants"), r.getDouble("n_seconds"), r.getInteger("width"), r.getInteger("height"),
                r.getString("provider"), Arrays.asList(r.getArrayOfUUIDs("task_ids")), Rows.instant(r, "created_at"));
    }

    private static JobTask mapTask(Row r) {
        return new JobTask(r.getUUID("id"), r.getString("provider"), TaskStatus.fromWire(r.getString("status")),
                r.getDouble("progress"), r.getString("message"), outputs(r.getString("outputs")), Rows.error(r, "error"),
                Rows.instant(r, "finished_at"));
    }

    private static List<TaskOutput> outputs(String json) {
        try {
            return json == null ? List.of() : JsonCodec.mapper().readValue(json, OUTPUTS);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable task outputs", e);
        }
    }
}
