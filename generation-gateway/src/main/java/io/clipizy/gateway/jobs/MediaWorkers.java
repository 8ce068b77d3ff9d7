package io.clipizy.gateway.jobs;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.OperationCancelledException;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bounded pool on which the jobs API runs FFmpeg (GIF conversion, frame sampling, measurements): never on an
 * event-loop thread, never more at once than configured, and a full queue is a 503 with {@code Retry-After} rather
 * than an unbounded backlog.
 */
@ApplicationScoped
public class MediaWorkers {
    @Inject
    JobsConfig config;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void init() {
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.queue())), runnable -> {
                    Thread thread = new Thread(runnable, "clipizy-jobs-media-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }

    /** Runs {@code work} on the pool; local-engine failures become problems a person can act on. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().<T>emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(work.get());
                    } catch (RuntimeException e) {
                        emitter.fail(translate(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ProblemException(Problem.of(ProblemType.DEPENDENCY_UNAVAILABLE,
                        "The media workers are busy; try again in a few seconds"), Map.of("Retry-After", "5")));
            }
        });
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof ProblemException) {
            return e;
        }
        if (e instanceof OperationCancelledException) {
            return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "The media work was cancelled");
        }
        if (e instanceof LocalEngineException) {
            LocalEngineException engine = (LocalEngineException) e;
            if (engine.code() == io.clipizy.contracts.event.ErrorCode.INVALID_INPUT) {
                return new ProblemException(ProblemType.UNPROCESSABLE, engine.getMessage());
            }
        }
        return e;
    }
}
