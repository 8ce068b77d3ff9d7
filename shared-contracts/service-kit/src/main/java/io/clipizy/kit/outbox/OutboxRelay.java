package io.clipizy.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in commit order and deletes them once the broker acknowledged them. A crash between
 * send and delete re-sends (at-least-once; consumers are idempotent). One relay at a time per service database,
 * whatever the number of instances: a transaction-scoped advisory lock elects it, which also keeps the order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay ("clipizy" in ASCII); each service has its own database, so one id suffices. */
    private static final long LOCK_ID = 0x636c6970697a79L;
    private static final String SELECT = "SELECT seq, topic, record_key, record_type, payload, traceparent "
            + "FROM outbox ORDER BY seq LIMIT $1";

    @Inject
    Pool pool;

    @Inject
    OutboxPublisher publisher;

    @ConfigProperty(name = "clipizy.outbox.batch-size", defaultValue = "200")
    int batchSize;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopped;
    private final Counter relayed;

    @Inject
    public OutboxRelay(MeterRegistry registry) {
        this.relayed = Counter.builder("clipizy.outbox.relayed").description("Outbox records published to Kafka").register(registry);
    }

    /** The safety net: committed rows whose nudge was lost (crash, another instance) are picked up here. */
    @Scheduled(every = "${clipizy.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        nudge();
    }

    /** Asks for a relay pass now; passes never overlap, and a nudge during a pass causes one more pass. */
    public void nudge() {
        pending.set(true);
        if (started && !stopped && running.compareAndSet(false, true)) {
            pending.set(false);
            relayBatch().subscribe().with(sent -> {
                running.set(false);
                if (sent >= batchSize || pending.get()) {
                    nudge();
                }
            }, failure -> {
                running.set(false);
                LOG.warnf("Outbox relay pass failed, will retry: %s", failure.toString());
            });
        }
    }

    /** Relaying waits for the application (and its Kafka channels) to be up. */
    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** One pass: publishes up to a batch of rows and deletes them; answers how many were sent. */
    public Uni<Integer> relayBatch() {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK_ID))
                .chain(lock -> lock.iterator().next().getBoolean(0) ? sendAndDelete(tx) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sendAndDelete(SqlConnection tx) {
        return tx.preparedQuery(SELECT).execute(Tuple.of(batchSize)).chain(rows -> {
            List<Long> seqs = new ArrayList<>();
            List<Uni<Void>> sends = new ArrayList<>();
            for (Row row : rows) {
                seqs.add(row.getLong("seq"));
                sends.add(send(row));
            }
            if (seqs.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Uni.join().all(sends).andFailFast()
                    .chain(() -> tx.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)")
                            .execute(Tuple.of(seqs.toArray(new Long[0]))))
                    .invoke(Unchecked.consumer(deleted -> relayed.increment(seqs.size())))
                    .replaceWith(seqs.size());
        });
    }

    private Uni<Void> send(Row row) {
        return publisher.publish(row.getString("topic"), row.getString("record_key"), row.getString("record_type"),
                row.getString("payload"), row.getString("traceparent"));
    }
}
