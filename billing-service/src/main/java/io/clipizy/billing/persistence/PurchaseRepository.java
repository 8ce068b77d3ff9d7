package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.Purchase;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Purchases (checkouts of packs and plans) in PostgreSQL. */
@ApplicationScoped
public class PurchaseRepository {
    private static final String COLUMNS = "id, owner_id, kind, product, credits, amount_usd, status, checkout_session_id, "
            + "payment_intent_id, refunded_credits, created_at, paid_at";

    public Uni<Void> insert(SqlClient client, Purchase p) {
        return client.preparedQuery("INSERT INTO purchase (id, owner_id, kind, product, credits, amount_usd, status) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, 'created')")
                .execute(Tuple.from(new Object[]{p.id(), p.ownerId(), p.kind(), p.product(), p.credits(), p.amountUsd()}))
                .replaceWithVoid();
    }

    /** Links the purchase to the Checkout Session that collects its payment. */
    public Uni<Void> opened(SqlClient client, UUID id, String sessionId) {
        return client.preparedQuery("UPDATE purchase SET checkout_session_id = $2, status = 'open' WHERE id = $1 AND status = 'created'")
                .execute(Tuple.of(id, sessionId))
                .replaceWithVoid();
    }

    /** The purchase of a Checkout Session, locked to the end of the transaction so its payment is applied once. */
    public Uni<Purchase> lockBySession(SqlConnection tx, String sessionId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM purchase WHERE checkout_session_id = $1 FOR UPDATE")
                .execute(Tuple.of(sessionId))
                .map(PurchaseRepository::firstOrNull);
    }

    /** The pack purchase a payment paid for, locked, or null. */
    public Uni<Purchase> lockByPaymentIntent(SqlConnection tx, String paymentIntentId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM purchase WHERE payment_intent_id = $1 FOR UPDATE")
                .execute(Tuple.of(paymentIntentId))
                .map(PurchaseRepository::firstOrNull);
    }

    public Uni<Void> updateStatus(SqlConnection tx, UUID id, String status, String paymentIntentId) {
        return tx.preparedQuery("UPDATE purchase SET status = $2, payment_intent_id = COALESCE($3, payment_intent_id), "
                        + "paid_at = CASE WHEN $2 = 'paid' THEN COALESCE(paid_at, now()) ELSE paid_at END WHERE id = $1")
                .execute(Tuple.of(id, status, paymentIntentId))
                .replaceWithVoid();
    }

    public Uni<Void> refunded(SqlConnection tx, UUID id, long refundedCredits, boolean whole) {
        return tx.preparedQuery("UPDATE purchase SET refunded_credits = $2, status = CASE WHEN $3 THEN 'refunded' ELSE status END "
                        + "WHERE id = $1")
                .execute(Tuple.of(id, refundedCredits, whole))
                .replaceWithVoid();
    }

    /** The owner's purchases, newest first. */
    public Uni<Page<Purchase>> list(SqlClient client, String ownerId, int page, int size) {
        Uni<List<Purchase>> items = client.preparedQuery("SELECT " + COLUMNS + " FROM purchase WHERE owner_id = $1 "
                        + "ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(ownerId, size, (long) page * size))
                .map(rows -> {
                    List<Purchase> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> list.add(map(r)));
                    return list;
                });
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM purchase WHERE owner_id = $1").execute(Tuple.of(ownerId))
                .map(rs -> rs.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    private static Purchase firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static Purchase map(Row r) {
        OffsetDateTime paid = r.getOffsetDateTime("paid_at");
        return new Purchase(r.getUUID("id"), r.getString("owner_id"), r.getString("kind"), r.getString("product"),
                r.getLong("credits"), r.getBigDecimal("amount_usd"), r.getString("status"), r.getString("checkout_session_id"),
                r.getString("payment_intent_id"), r.getLong("refunded_credits"), r.getOffsetDateTime("created_at").toInstant(),
                paid == null ? null : paid.toInstant());
    }
}
