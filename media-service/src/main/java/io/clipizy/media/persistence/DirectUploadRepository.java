package io.clipizy.media.persistence;

import io.clipizy.media.domain.DirectUpload;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.UUID;

/** The direct uploads awaited from clients, in PostgreSQL. */
@ApplicationScoped
public class DirectUploadRepository {

    public Uni<Void> insert(SqlConnection tx, DirectUpload upload) {
        return tx.preparedQuery("INSERT INTO direct_upload (asset_id, upload_id, part_size, expected_sha256, expires_at) "
                        + "VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(upload.assetId(), upload.uploadId(), upload.partSize(), upload.expectedSha256(),
                        upload.expiresAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<DirectUpload> find(SqlClient client, UUID assetId) {
        return client.preparedQuery("SELECT asset_id, upload_id, part_size, expected_sha256, expires_at "
                        + "FROM direct_upload WHERE asset_id = $1")
                .execute(Tuple.of(assetId))
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null);
    }

    public Uni<Void> reject(SqlConnection tx, UUID assetId, String reason) {
        return tx.preparedQuery("UPDATE direct_upload SET rejection = $2 WHERE asset_id = $1")
                .execute(Tuple.of(assetId, reason)).replaceWithVoid();
    }

    private static DirectUpload map(Row r) {
        return new DirectUpload(r.getUUID("asset_id"), r.getString("upload_id"), r.getLong("part_size"),
                r.getString("expected_sha256"), r.getOffsetDateTime("expires_at").toInstant());
    }
}
