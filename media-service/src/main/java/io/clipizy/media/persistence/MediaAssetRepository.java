package io.clipizy.media.persistence;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.kit.web.Page;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.GalleryEntry;
import io.clipizy.media.domain.GalleryQuery;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.domain.MediaFacts;
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
            + "file_name, s3_key, status, duration_seconds, width, height, fps, video_codec, audio_codec, sample_rate, "
            + "task_id, output_index, created_at, deleted_at";

    /** Inserts the asset; answers it as stored (with its creation time). */
    public Uni<MediaAsset> insert(SqlConnection tx, MediaAsset a) {
        return insert(tx, a, null);
    }

    /** Inserts an asset derived from {@code sourceId} (a thumbnail, a waveform), or a source asset when it is null. */
    public Uni<MediaAsset> insert(SqlConnection tx, MediaAsset a, UUID sourceId) {
        return tx.preparedQuery("INSERT INTO media_asset (id, owner_id, project_id, kind, role, content_type, size_bytes, "
                        + "sha256, file_name, s3_key, status, duration_seconds, width, height, fps, video_codec, "
                        + "audio_codec, sample_rate, task_id, output_index, source_id) VALUES ($1, $2, $3, $4, $5, $6, "
                        + "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[]{a.id(), a.ownerId(), a.projectId(), a.kind().wire(), a.role().wire(),
                        a.contentType(), a.sizeBytes(), a.sha256(), a.fileName(), a.s3Key(), a.status().name(),
                        a.facts().durationSeconds(), a.facts().width(), a.facts().height(), a.facts().fps(),
                        a.facts().videoCodec(), a.facts().audioCodec(), a.facts().sampleRate(), a.taskId(),
                        a.outputIndex(), sourceId}))
                .map(MediaAssetRepository::firstOrNull);
    }

    public Uni<MediaAsset> find(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM media_asset WHERE id = $1").execute(Tuple.of(id))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** The owner's READY assets, newest first, optionally of one project and one kind. */
    public Uni<Page<MediaAsset>> listReady(SqlClient client, String ownerId, UUID projectId, MediaKind kind, int page,
                                           int size) {
        String where = "owner_id = $1 AND status = 'READY' AND source_id IS NULL AND ($2::uuid IS NULL OR project_id = $2) "
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

    /** The bytes the owner has stored or announced: READY assets and direct uploads awaited. */
    public Uni<Long> usage(SqlClient client, String ownerId) {
        return client.preparedQuery("SELECT coalesce(sum(size_bytes), 0) FROM media_asset "
                        + "WHERE owner_id = $1 AND status IN ('READY', 'PENDING_UPLOAD')")
                .execute(Tuple.of(ownerId))
                .map(rs -> rs.iterator().next().getLong(0));
    }

    /** Serialises the owner's quota decisions until the transaction ends, so two uploads cannot both take the rest. */
    public Uni<Void> lockOwner(SqlConnection tx, String ownerId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))").execute(Tuple.of(ownerId))
                .replaceWithVoid();
    }

    /** Turns an awaited upload into a READY asset with what was measured from its bytes; null if it was not pending. */
    public Uni<MediaAsset> markReady(SqlConnection tx, MediaAsset measured) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'READY', content_type = $2, size_bytes = $3, "
                        + "sha256 = $4, duration_seconds = $5, width = $6, height = $7, fps = $8, video_codec = $9, "
                        + "audio_codec = $10, sample_rate = $11 "
                        + "WHERE id = $1 AND status = 'PENDING_UPLOAD' RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[]{measured.id(), measured.contentType(), measured.sizeBytes(),
                        measured.sha256(), measured.facts().durationSeconds(), measured.facts().width(),
                        measured.facts().height(), measured.facts().fps(), measured.facts().videoCodec(),
                        measured.facts().audioCodec(), measured.facts().sampleRate()}))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** Marks an awaited upload REJECTED; answers whether it was still pending. */
    public Uni<Boolean> markRejected(SqlConnection tx, UUID id) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'REJECTED' WHERE id = $1 AND status = 'PENDING_UPLOAD'")
                .execute(Tuple.of(id)).map(rs -> rs.rowCount() == 1);
    }

    /**
     * The owner's READY source assets (not thumbnails or waveforms) for the gallery, each with the id of its READY
     * derived picture; the order comes from {@link GallerySort}, never from request text.
     */
    public Uni<Page<GalleryEntry>> gallery(SqlClient client, String ownerId, GalleryQuery query, int page, int size) {
        String where = "owner_id = $1 AND status = 'READY' AND source_id IS NULL AND ($2::uuid IS NULL OR project_id = $2) "
                + "AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR role = $4)";
        Object[] filter = {ownerId, query.projectId(), query.kind() == null ? null : query.kind().wire(),
                query.role() == null ? null : query.role().wire()};
        Uni<List<GalleryEntry>> items = client.preparedQuery("SELECT " + COLUMNS + ", (SELECT d.id FROM media_asset d "
                        + "WHERE d.source_id = media_asset.id AND d.status = 'READY' ORDER BY d.created_at LIMIT 1) "
                        + "AS preview_id FROM media_asset WHERE " + where + " ORDER BY " + query.sort().orderBy()
                        + " LIMIT $5 OFFSET $6")
                .execute(Tuple.from(filter).addInteger(size).addLong((long) page * size))
                .map(rows -> {
                    List<GalleryEntry> entries = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> entries.add(new GalleryEntry(map(r), r.getUUID("preview_id"))));
                    return entries;
                });
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM media_asset WHERE " + where)
                .execute(Tuple.from(filter))
                .map(rs -> rs.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    /** A DELETED or REJECTED asset whose bytes are still to be removed, with its unfinished multipart upload if any. */
    public record ObjectToRemove(UUID id, String s3Key, String uploadId) {
    }

    public Uni<List<ObjectToRemove>> objectsToRemove(SqlClient client, int limit) {
        return client.preparedQuery("SELECT a.id, a.s3_key, u.upload_id FROM media_asset a "
                        + "LEFT JOIN direct_upload u ON u.asset_id = a.id "
                        + "WHERE a.status IN ('DELETED', 'REJECTED') AND a.objects_removed_at IS NULL "
                        + "ORDER BY a.deleted_at NULLS FIRST LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<ObjectToRemove> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(new ObjectToRemove(r.getUUID("id"), r.getString("s3_key"),
                            r.getString("upload_id"))));
                    return out;
                });
    }

    public Uni<Void> markObjectsRemoved(SqlConnection tx, List<UUID> ids) {
        return tx.preparedQuery("UPDATE media_asset SET objects_removed_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).replaceWithVoid();
    }

    /** Of {@code keys}, those some asset row names (whatever its state): the sweeper leaves those objects alone. */
    public Uni<java.util.Set<String>> knownKeys(SqlClient client, List<String> keys) {
        return client.preparedQuery("SELECT s3_key FROM media_asset WHERE s3_key = ANY($1)")
                .execute(Tuple.of(keys.toArray(new String[0])))
                .map(rows -> {
                    java.util.Set<String> known = new java.util.HashSet<>();
                    rows.forEach(r -> known.add(r.getString("s3_key")));
                    return known;
                });
    }

    /** READY assets stored before {@code before}, in id order after {@code after} (null: from the start). */
    public Uni<List<MediaAsset>> readyBefore(SqlClient client, java.time.Instant before, UUID after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM media_asset WHERE status = 'READY' AND created_at < $1 "
                        + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3")
                .execute(Tuple.of(before.atOffset(java.time.ZoneOffset.UTC), after, limit))
                .map(MediaAssetRepository::all);
    }

    /** Marks a READY asset whose bytes S3 no longer has as DELETED (its bytes are gone already); null if not READY. */
    public Uni<MediaAsset> markLost(SqlConnection tx, UUID id) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'DELETED', deleted_at = now(), objects_removed_at = now() "
                        + "WHERE id = $1 AND status = 'READY' RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** Rejects the direct uploads not completed before they expired; answers them. */
    public Uni<List<MediaAsset>> expirePendingUploads(SqlConnection tx) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'REJECTED' WHERE status = 'PENDING_UPLOAD' AND id IN "
                        + "(SELECT asset_id FROM direct_upload WHERE expires_at < now()) RETURNING " + COLUMNS)
                .execute()
                .map(MediaAssetRepository::all);
    }

    /** The output stored for a task and output index, whatever its state. */
    public Uni<MediaAsset> findOutput(SqlClient client, UUID taskId, int outputIndex) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM media_asset WHERE task_id = $1 AND output_index = $2")
                .execute(Tuple.of(taskId, outputIndex))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** Soft-deletes the owner's asset; answers it as deleted, or null when it is unknown, not theirs or gone already. */
    public Uni<MediaAsset> markDeleted(SqlConnection tx, UUID id, String ownerId) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'DELETED', deleted_at = now() "
                        + "WHERE id = $1 AND owner_id = $2 AND status <> 'DELETED' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId))
                .map(MediaAssetRepository::firstOrNull);
    }

    /** Soft-deletes the assets derived from {@code sourceId}; answers them as deleted. */
    public Uni<List<MediaAsset>> markDerivedDeleted(SqlConnection tx, UUID sourceId) {
        return tx.preparedQuery("UPDATE media_asset SET status = 'DELETED', deleted_at = now() "
                        + "WHERE source_id = $1 AND status <> 'DELETED' RETURNING " + COLUMNS)
                .execute(Tuple.of(sourceId))
                .map(MediaAssetRepository::all);
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
                r.getString("s3_key"), AssetStatus.valueOf(r.getString("status")), new MediaFacts(
                        r.getDouble("duration_seconds"), r.getInteger("width"), r.getInteger("height"),
                        r.getDouble("fps"), r.getString("video_codec"), r.getString("audio_codec"),
                        r.getInteger("sample_rate")), r.getUUID("task_id"), r.getInteger("output_index"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("deleted_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
