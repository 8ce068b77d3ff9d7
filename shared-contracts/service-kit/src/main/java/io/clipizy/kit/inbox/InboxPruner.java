package io.clipizy.kit.inbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the inbox bounded. An inbox row only has to outlive any redelivery of its event: a record comes again while
 * its offset is uncommitted (minutes) or, at worst, when a consumer group starts over from the earliest offset — which
 * reaches back as far as the topic keeps records (the event topics keep 7 days, deploy/k8s/base/kafka/topics.yaml).
 * Rows older than {@code clipizy.inbox.retention} (8 days: the topics' retention and a day's margin) are deleted, a
 * batch per statement, so the table no longer grows with every event ever consumed (the event hub alone applies every
 * event of five topics). Runs on every instance; the deletes are idempotent, so overlapping runs only repeat work.
 */
@ApplicationScoped
public class InboxPruner {
    private static final Logger LOG = Logger.getLogger(InboxPruner.class);
    /** Oldest rows first, through the {@code processed_at} index; one batch per statement keeps each transaction short. */
    private static final String PRUNE = """
            DELETE FROM inbox WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(secs => $1)
                ORDER BY processed_at LIMIT $2))""";

    @Inject
    Pool pool;

    @ConfigProperty(name = "clipizy.inbox.retention", defaultValue = "8d")
    Duration retention;

    @ConfigProperty(name = "clipizy.inbox.prune-batch-size", defaultValue = "10000")
    int batchSize;

    @Scheduled(every = "${clipizy.inbox.prune-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> pruneOnSchedule() {
        return prune(retention)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Pruned %d inbox rows older than %s", deleted, retention);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Pruning the inbox failed, next run retries: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes, batch after batch, every inbox row processed longer ago than {@code olderThan}; answers how many. */
    public Uni<Integer> prune(Duration olderThan) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(olderThan.toMillis() / 1000.0, batchSize))
                .map(rows -> rows.rowCount())
                .chain(deleted -> deleted < batchSize ? Uni.createFrom().item(deleted)
                        : prune(olderThan).map(more -> deleted + more));
    }
}
