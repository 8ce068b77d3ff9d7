package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.Reservation;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.rest.CreditReservation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Credit reservations in PostgreSQL, one per task. */
@ApplicationScoped
public class ReservationRepository {
    private static final String COLUMNS = "task_id, owner_id, kind, quantity, credits, charged, status, run_id, "
            + "pricing_version, created_at, settled_at";

    /**
     * Inserts the reservation unless the task already has one; answers whether this call inserted it. A concurrent
     * reservation of the same task waits on the primary key until the first commits, then inserts nothing.
     */
    public Uni<Boolean> insertIfAbsent(SqlConnection tx, Reservation r) {
        return tx.preparedQuery("INSERT INTO credit_reservation (task_id, owner_id, kind, quantity, credits, status, run_id, "
                        + "pricing_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (task_id) DO NOTHING")
                .execute(Tuple.from(new Object[]{r.taskId(), r.ownerId(), r.kind().wire(), r.quantity(), r.credits(),
                        r.status().name(), r.runId(), r.pricingVersion()}))
                .map(rs -> rs.rowCount() == 1);
    }

    public Uni<Reservation> find(SqlClient client, UUID taskId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM credit_reservation WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(ReservationRepository::firstOrNull);
    }

    /** Reads the reservation and holds its row lock to the end of the transaction, so it is settled once. */
    public Uni<Reservation> lock(SqlConnection tx, UUID taskId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM credit_reservation WHERE task_id = $1 FOR UPDATE")
                .execute(Tuple.of(taskId))
                .map(ReservationRepository::firstOrNull);
    }

    /** Marks an open reservation captured for {@code charged} credits, for {@code quantity} units of work done. */
    public Uni<Void> markCaptured(SqlConnection tx, UUID taskId, long charged, double quantity) {
        return tx.preparedQuery("UPDATE credit_reservation SET status = 'CAPTURED', charged = $2, settled_quantity = $3, "
                        + "settled_at = now() WHERE task_id = $1 AND status = 'RESERVED'")
                .execute(Tuple.of(taskId, charged, quantity))
                .map(ReservationRepository::exactlyOne);
    }

    /** Marks an open reservation released. */
    public Uni<Void> markReleased(SqlConnection tx, UUID taskId) {
        return tx.preparedQuery("UPDATE credit_reservation SET status = 'RELEASED', settled_at = now() "
                        + "WHERE task_id = $1 AND status = 'RESERVED'")
                .execute(Tuple.of(taskId))
                .map(ReservationRepository::exactlyOne);
    }

    /**
     * Records that the task is still alive unless an earlier sign of life is more recent than {@code interval}: the
     * UPDATE takes the row lock only for the row it changes, and an event naming another owner changes nothing.
     */
    public Uni<Void> touchIfStale(SqlConnection tx, UUID taskId, String ownerId, Duration interval) {
        return tx.preparedQuery("UPDATE credit_reservation SET last_activity_at = now() WHERE task_id = $1 "
                        + "AND status = 'RESERVED' AND owner_id = $2 AND last_activity_at < $3")
                .execute(Tuple.of(taskId, ownerId, OffsetDateTime.now().minus(interval)))
                .replaceWithVoid();
    }

    /** Task ids of open reservations whose task has given no sign of life for {@code silence}, oldest first. */
    public Uni<List<UUID>> silentSince(SqlClient client, Duration silence, int limit) {
        return client.preparedQuery("SELECT task_id FROM credit_reservation WHERE status = 'RESERVED' "
                        + "AND last_activity_at < $1 ORDER BY last_activity_at LIMIT $2")
                .execute(Tuple.of(OffsetDateTime.now().minus(silence), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> ids.add(r.getUUID("task_id")));
                    return ids;
                });
    }

    private static Void exactlyOne(RowSet<Row> rows) {
        if (rows.rowCount() != 1) {
            throw new IllegalStateException("the reservation was not open; it must be locked before it is settled");
        }
        return null;
    }

    private static Reservation firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        OffsetDateTime settled = r.getOffsetDateTime("settled_at");
        return new Reservation(r.getUUID("task_id"), r.getString("owner_id"), TaskKind.fromWire(r.getString("kind")),
                r.getDouble("quantity"), r.getLong("credits"), r.getLong("charged"),
                CreditReservation.Status.valueOf(r.getString("status")), r.getUUID("run_id"), r.getString("pricing_version"),
                r.getOffsetDateTime("created_at").toInstant(), settled == null ? null : settled.toInstant());
    }
}
