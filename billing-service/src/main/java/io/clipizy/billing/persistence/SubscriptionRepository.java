package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Subscriptions (monthly plans) as Stripe reported them. */
@ApplicationScoped
public class SubscriptionRepository {
    private static final String COLUMNS = "subscription_id, owner_id, plan, status, cancel_at_period_end, current_period_end, updated_at";

    public Uni<Subscription> find(SqlClient client, String subscriptionId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE subscription_id = $1")
                .execute(Tuple.of(subscriptionId))
                .map(SubscriptionRepository::firstOrNull);
    }

    /** The owner's most recently changed subscription, or null. */
    public Uni<Subscription> latest(SqlClient client, String ownerId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE owner_id = $1 "
                        + "ORDER BY (status IN ('active', 'trialing', 'past_due')) DESC, updated_at DESC LIMIT 1")
                .execute(Tuple.of(ownerId))
                .map(SubscriptionRepository::firstOrNull);
    }

    /** Stores the subscription's state; a null status or period end keeps what is stored. */
    public Uni<Void> upsert(SqlConnection tx, Subscription s) {
        OffsetDateTime periodEnd = s.currentPeriodEnd() == null ? null : s.currentPeriodEnd().atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("INSERT INTO subscription (subscription_id, owner_id, plan, status, cancel_at_period_end, "
                        + "current_period_end) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscription_id) DO UPDATE SET "
                        + "plan = EXCLUDED.plan, status = EXCLUDED.status, cancel_at_period_end = EXCLUDED.cancel_at_period_end, "
                        + "current_period_end = COALESCE(EXCLUDED.current_period_end, subscription.current_period_end), "
                        + "updated_at = now()")
                .execute(Tuple.from(new Object[]{s.subscriptionId(), s.ownerId(), s.plan(), s.status(), s.cancelAtPeriodEnd(),
                        periodEnd}))
                .replaceWithVoid();
    }

    private static Subscription firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        OffsetDateTime end = r.getOffsetDateTime("current_period_end");
        Instant periodEnd = end == null ? null : end.toInstant();
        return new Subscription(r.getString("subscription_id"), r.getString("owner_id"), r.getString("plan"),
                r.getString("status"), r.getBoolean("cancel_at_period_end"), periodEnd,
                r.getOffsetDateTime("updated_at").toInstant());
    }
}
