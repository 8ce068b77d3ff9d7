package io.clipizy.eventhub.service;

import io.clipizy.eventhub.config.EventHubConfig;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps the replay window bounded: deletes events older than {@code clipizy.eventhub.replay-window} that are not among
 * their stream's {@code clipizy.eventhub.replay-min-events} most recent. Runs on every instance; the deletes are
 * idempotent, so overlapping runs only repeat work.
 */
@ApplicationScoped
public class ReplayPruner {
    private static final Logger LOG = Logger.getLogger(ReplayPruner.class);

    @Inject
    ReplayRepository replay;

    @Inject
    Pool pool;

    @Inject
    EventHubConfig config;

    @Scheduled(every = "${clipizy.eventhub.prune-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> pruneOnSchedule() {
        return prune(config.replayWindow(), config.replayMinEvents())
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Pruned %d replay events", deleted);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Pruning the replay window failed, next run retries: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes, batch after batch, the events outside the window; answers how many were deleted. */
    public Uni<Integer> prune(Duration window, int minEvents) {
        int batch = config.pruneBatchSize();
        return replay.pruneBatch(pool, window, minEvents, batch)
                .chain(deleted -> deleted < batch ? Uni.createFrom().item(deleted)
                        : prune(window, minEvents).map(more -> deleted + more));
    }
}
