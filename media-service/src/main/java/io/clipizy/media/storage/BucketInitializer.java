package io.clipizy.media.storage;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Creates the media bucket at start-up when it is absent. S3 may start after this service (or be briefly down): then
 * start-up goes on, readiness reports DOWN, and creation is retried until it succeeds.
 */
@ApplicationScoped
public class BucketInitializer {
    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    @Inject
    ObjectStorage storage;

    private final AtomicBoolean ensured = new AtomicBoolean();

    void onStart(@Observes StartupEvent event) {
        ensure();
    }

    /** Runs on a scheduler worker thread, so the blocking S3 call is allowed here. */
    @Scheduled(every = "${clipizy.media.storage.bucket-retry:15s}", delayed = "${clipizy.media.storage.bucket-retry:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retry() {
        if (!ensured.get()) {
            ensure();
        }
    }

    private void ensure() {
        try {
            if (storage.ensureBucket()) {
                LOG.infof("Created the media bucket %s", storage.bucket());
            }
            ensured.set(true);
        } catch (StorageUnavailableException e) {
            LOG.warnf("Media bucket %s not ensured yet, will retry: %s", storage.bucket(), e.getMessage());
        }
    }
}
