package io.clipizy.kit.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The idempotent-consumer log: which event ids each consumer has already applied. */
@ApplicationScoped
public class Inbox {
    /**
     * Records that {@code consumer} applies {@code eventId} in the caller's transaction; answers false when it already
     * did (a redelivery), in which case the caller must not apply the effect again.
     */
    public Uni<Boolean> firstDelivery(SqlConnection tx, String consumer, UUID eventId) {
        return tx.preparedQuery("INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(consumer, eventId))
                .map(result -> result.rowCount() == 1);
    }
}
