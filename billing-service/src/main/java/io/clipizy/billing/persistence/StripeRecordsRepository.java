package io.clipizy.billing.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The Stripe customer of each user, and the Stripe event ids already handled. */
@ApplicationScoped
public class StripeRecordsRepository {

    public Uni<String> customerOf(SqlClient client, String ownerId) {
        return client.preparedQuery("SELECT customer_id FROM stripe_customer WHERE owner_id = $1")
                .execute(Tuple.of(ownerId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Records the customer unless the user already has one; answers the user's customer id either way. */
    public Uni<String> saveCustomer(SqlClient client, String ownerId, String customerId) {
        return client.preparedQuery("INSERT INTO stripe_customer (owner_id, customer_id) VALUES ($1, $2) ON CONFLICT (owner_id) DO NOTHING")
                .execute(Tuple.of(ownerId, customerId))
                .chain(() -> customerOf(client, ownerId));
    }

    /** Records the event id in the caller's transaction; answers false when it was handled before. */
    public Uni<Boolean> firstDelivery(SqlConnection tx, String eventId, String eventType) {
        return tx.preparedQuery("INSERT INTO stripe_event (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(eventId, eventType))
                .map(rs -> rs.rowCount() == 1);
    }
}
