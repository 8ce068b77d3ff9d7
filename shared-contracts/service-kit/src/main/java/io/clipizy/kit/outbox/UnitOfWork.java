package io.clipizy.kit.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * Runs work in one database transaction and, once it committed, wakes the outbox relay so the records the work
 * appended reach Kafka at once instead of at the next poll.
 */
@ApplicationScoped
public class UnitOfWork {
    @Inject
    Pool pool;

    @Inject
    OutboxRelay relay;

    public <T> Uni<T> run(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).invoke(relay::nudge);
    }

    /** Work that reads only: no transaction bookkeeping, no relay wake-up. */
    public <T> Uni<T> read(Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work);
    }
}
