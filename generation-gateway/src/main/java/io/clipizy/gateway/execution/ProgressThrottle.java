package io.clipizy.gateway.execution;

import io.clipizy.gateway.provider.ProgressSink;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Turns a provider's progress reports (as many as it likes, from any thread) into at most one write per
 * {@code interval}: the first report is written at once, later ones only as the newest value when the interval has
 * passed, so nothing but superseded values is dropped. One write is in flight at a time, so events keep their order;
 * {@link #close} writes the last value still pending and waits for it, before the task's final state is written.
 */
final class ProgressThrottle implements ProgressSink {
    private final Vertx vertx;
    private final long intervalMs;
    private final BiFunction<Double, String, Uni<Void>> writer;

    private double fraction;
    private String message;
    private boolean dirty;
    private boolean writing;
    private boolean timerSet;
    private boolean closed;
    private long lastWrite;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    ProgressThrottle(Vertx vertx, Duration interval, BiFunction<Double, String, Uni<Void>> writer) {
        this.vertx = vertx;
        this.intervalMs = Math.max(1, interval.toMillis());
        this.writer = writer;
    }

    @Override
    public void report(double fraction, String message) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        synchronized (this) {
            if (closed) {
                return;
            }
            this.fraction = clamped;
            this.message = message;
            dirty = true;
        }
        schedule();
    }

    /** Stops accepting reports, writes the one still pending, and completes when no write is in flight. */
    Uni<Void> close() {
        synchronized (this) {
            closed = true;
        }
        return flushNow().chain(() -> {
            CompletableFuture<Void> waiting;
            synchronized (this) {
                waiting = idle;
            }
            return Uni.createFrom().completionStage(waiting);
        });
    }

    /** Stops accepting reports and drops what is pending (the task was cancelled or lost). */
    synchronized void discard() {
        closed = true;
        dirty = false;
    }

    private void schedule() {
        long wait;
        synchronized (this) {
            if (!dirty || writing || timerSet) {
                return;
            }
            wait = lastWrite + intervalMs - System.currentTimeMillis();
            if (wait > 0) {
                timerSet = true;
            }
        }
        if (wait > 0) {
            vertx.setTimer(wait, id -> {
                synchronized (this) {
                    timerSet = false;
                }
                write();
            });
        } else {
            write();
        }
    }

    private Uni<Void> flushNow() {
        synchronized (this) {
            if (!dirty) {
                return Uni.createFrom().voidItem();
            }
            if (writing) {
                // the write in flight reschedules; closing waits for the idle future below after this one lands
                CompletableFuture<Void> waiting = idle;
                return Uni.createFrom().completionStage(waiting).chain(this::flushNow);
            }
        }
        write();
        return Uni.createFrom().voidItem();
    }

    private void write() {
        double f;
        String m;
        CompletableFuture<Void> done;
        synchronized (this) {
            if (!dirty || writing) {
                return;
            }
            f = fraction;
            m = message;
            dirty = false;
            writing = true;
            lastWrite = System.currentTimeMillis();
            done = new CompletableFuture<>();
            idle = done;
        }
        Uni.createFrom().deferred(() -> writer.apply(f, m)).subscribe().with(ok -> written(done), failure -> written(done));
    }

    private void written(CompletableFuture<Void> done) {
        boolean again;
        synchronized (this) {
            writing = false;
            again = dirty && !closed;
        }
        done.complete(null);
        if (again) {
            schedule();
        }
    }
}
