package io.clipizy.media.persistence;

import io.clipizy.contracts.event.MediaRole;
import io.clipizy.media.domain.Derivation;
import io.clipizy.media.domain.MediaAsset;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The derivations planned for READY assets and the worker's claims on them, in PostgreSQL. */
@ApplicationScoped
public class DerivationRepository {
    private static final String COLUMNS = "source_id, role, status, attempts, error, derived_id, updated_at";

    /** In the transaction that makes {@code asset} READY: plans its derived asset, if its kind and role get one. */
    public Uni<Void> plan(SqlConnection tx, MediaAsset asset) {
        MediaRole role = Derivation.derivedRole(asset.kind(), asset.role());
        if (role == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO derivation (source_id, role, status) VALUES ($1, $2, 'PENDING') "
                        + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(asset.id(), role.wire())).replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} derivations to run: PENDING ones, and RUNNING ones whose worker has been silent for
     * {@code stale} (it died with the instance). SKIP LOCKED lets several instances claim side by side.
     */
    public Uni<List<Derivation>> claim(SqlClient client, int limit, Duration stale) {
        return client.preparedQuery("UPDATE derivation SET status = 'RUNNING', attempts = attempts + 1, updated_at = now() "
                        + "WHERE (source_id, role) IN (SELECT source_id, role FROM derivation WHERE status = 'PENDING' "
                        + "OR (status = 'RUNNING' AND updated_at < now() - make_interval(secs => $2)) "
                        + "ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(limit, (double) stale.toSeconds()))
                .map(DerivationRepository::all);
    }

    public Uni<Void> done(SqlConnection tx, UUID sourceId, MediaRole role, UUID derivedId) {
        return tx.preparedQuery("UPDATE derivation SET status = 'DONE', derived_id = $3, error = NULL, updated_at = now() "
                        + "WHERE source_id = $1 AND role = $2")
                .execute(Tuple.of(sourceId, role.wire(), derivedId)).replaceWithVoid();
    }

    /** Records a failed attempt: back to PENDING while {@code retry}, FAILED for good otherwise. */
    public Uni<Void> failed(SqlClient client, UUID sourceId, MediaRole role, String error, boolean retry) {
        return client.preparedQuery("UPDATE derivation SET status = $3, error = $4, updated_at = now() "
                        + "WHERE source_id = $1 AND role = $2 AND status = 'RUNNING'")
                .execute(Tuple.of(sourceId, role.wire(), retry ? "PENDING" : "FAILED", error)).replaceWithVoid();
    }

    public Uni<List<Derivation>> forSource(SqlClient client, UUID sourceId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM derivation WHERE source_id = $1 ORDER BY role")
                .execute(Tuple.of(sourceId)).map(DerivationRepository::all);
    }

    private static List<Derivation> all(RowSet<Row> rows) {
        List<Derivation> out = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> out.add(new Derivation(r.getUUID("source_id"), MediaRole.fromWire(r.getString("role")),
                Derivation.Status.valueOf(r.getString("status")), r.getInteger("attempts"), r.getString("error"),
                r.getUUID("derived_id"), r.getOffsetDateTime("updated_at").toInstant())));
        return out;
    }
}
