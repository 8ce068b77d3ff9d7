package io.clipizy.gateway.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cancel switch shared by an operation and whoever started it. Long loops call {@link #check()}; blocking work (an
 * FFmpeg process) registers a hook that stops it, so a cancel takes effect at once.
 */
public final class Cancellation {
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    /** A fresh, not-yet-cancelled switch. */
    public static Cancellation create() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled = true;
        for (Runnable hook : hooks) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link OperationCancelledException} once the switch is set. */
    public void check() {
        if (cancelled) {
            throw new OperationCancelledException();
        }
    }

    /**
     * Runs {@code hook} on cancel (at once when already cancelled) until the returned registration is closed.
     */
    public Registration onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** A registered cancel hook; closing it unregisters the hook. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
