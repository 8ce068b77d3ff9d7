package io.clipizy.media.persistence;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.kit.web.Page;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.MediaAsset;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Media assets in PostgreSQL, through the reactive client: plain SQL, one statement per operation. */
@ApplicationScoped
public class MediaAssetRepository {
    private static final String COLUMNS = "id, owner_id, project_id, kind, role, content_type, size_bytes, sha256, "
            + "file_name, s3_key, status, duration_seconds, width, height, task_id, output_index, created_at, deleted_at";

    /** Inserts the asset; answers it as stored (with its creation time). */
    public Uni<MediaAsset> insert(SqlConnection tx, MediaAsset a) {
        return tx.preparedQuery("INSERT INTO media_asset (id, owner_id, project_id, kind, role, content_type, size_bytes, "
                        + "sha256, file_name, s3_key, status, duration_seconds, width, height, task_id, output_index) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[]{a.id(), a.ownerId(), a.projectId(), a.kind().wire(), a.role().wire(),
                        a.contentType(), a.sizeBytes(), a.sha256(), a.fileName(), a.s3Key(), a.status().name(),
                        a.durationSeconds(), a.width(), a.height(), a.taskId(), a.outputIndex()}))
                .map(MediaAssetRepository::firstOrNull);
    }

    public Uni<MediaAsset> find(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM media_asset WHERE id = $1").execute(Tuple.of(id))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** The owner's READY assets, newest first, optionally of one project and one kind. */
    public Uni<Page<MediaAsset>> listReady(SqlClient client, String ownerId, UUID projectId, MediaKind kind, int page,
                                           int size) {
        String where = "owner_id = $1 AND status = 'READY' AND ($2::uuid IS NULL OR project_id = $2) "
                + "AND ($3::text IS NULL OR kind = $3)";
        Object[] filter = {ownerId, projectId, kind == null ? null : kind.wire()};
        Uni<List<MediaAsset>> items = client.preparedQuery("SELECT " + COLUMNS + " FROM media_asset WHERE " + where
                        + " ORDER BY created_at DESC, id LIMIT $4 OFFSET $5")
                .execute(Tuple.from(filter).addInteger(size).addLong((long) page * size))
                .map(MediaAssetRepository::all);
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM media_asset WHERE " + where)
                .execute(Tuple.from(filter))
                .map(rs -> rs.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    /** Soft-deletes the owner's asset; answers it as deleted, or null when it is unknown, not theirs or gone already. */
    public Uni<MediaAsset> markDeleted(SqlConnection tx, UUID id, String ownerId) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'DELETED', deleted_at = now() "
                        + "WHERE id = $1 AND owner_id = $2 AND status <> 'DELETED' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** Soft-deletes every READY asset the owner has in the project; answers them as deleted. */
    public Uni<List<MediaAsset>> markProjectDeleted(SqlConnection tx, String ownerId, UUID projectId) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'DELETED', deleted_at = now() "
                        + "WHERE project_id = $1 AND owner_id = $2 AND status = 'READY' RETURNING " + COLUMNS)
                .execute(Tuple.of(projectId, ownerId))
                .map(MediaAssetRepository::all);
    }

    private static MediaAsset firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<MediaAsset> all(RowSet<Row> rows) {
        List<MediaAsset> assets = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> assets.add(map(r)));
        return assets;
    }

    private static MediaAsset map(Row r) {
        return new MediaAsset(r.getUUID("id"), r.getString("owner_id"), r.getUUID("project_id"),
                MediaKind.fromWire(r.getString("kind")), MediaRole.fromWire(r.getString("role")),
                r.getString("content_type"), r.getLong("size_bytes"), r.getString("sha256"), r.getString("file_name"),
                r.getString("s3_key"), AssetStatus.valueOf(r.getString("status")), r.getDouble("duration_seconds"),
                r.getInteger("width"), r.getInteger("height"), r.getUUID("task_id"), r.getInteger("output_index"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("deleted_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
