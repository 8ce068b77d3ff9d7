package io.clipizy.media.storage;

import io.clipizy.media.config.MediaConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bounded pools where every blocking storage operation runs: the S3 client is the synchronous one (over the JDK's
 * URL connection) and uploads are read from temp files, so none of it may run on an event-loop thread. Uploads hold a
 * thread (and a part buffer) for their whole length, so they get a pool of their own: a burst of large uploads then
 * neither starves downloads and health checks nor holds more than {@code upload-threads} part buffers.
 */
@ApplicationScoped
public class StorageWorkers {
    private final ExecutorService io;
    private final ExecutorService uploads;

    public StorageWorkers(MediaConfig config) {
        this.io = pool("media-storage-", config.storage().threads(), "clipizy.media.storage.threads");
        this.uploads = pool("media-upload-", config.storage().uploadThreads(), "clipizy.media.storage.upload-threads");
    }

    /** Runs a short blocking call (a request to S3, a chunk read) on the I/O pool. */
    public <T> Uni<T> call(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(io);
    }

    /** Runs a whole upload on the upload pool. */
    public <T> Uni<T> transfer(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(uploads);
    }

    @PreDestroy
    void stop() {
        io.shutdownNow();
        uploads.shutdownNow();
    }

    private static ExecutorService pool(String prefix, int threads, String property) {
        if (threads < 1) {
            throw new IllegalStateException(property + " must be at least 1");
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, prefix + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
