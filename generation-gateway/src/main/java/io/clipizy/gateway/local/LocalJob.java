package io.clipizy.gateway.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A submitted local-engine operation: its eventual result and the switch that cancels it. */
public final class LocalJob<T> {
    private final CompletableFuture<T> result;
    private final Cancellation cancellation;

    LocalJob(CompletableFuture<T> result, Cancellation cancellation) {
        this.result = result;
        this.cancellation = cancellation;
    }

    /** Completes with the result, or exceptionally with a {@link LocalEngineException}. */
    public CompletionStage<T> result() {
        return result;
    }

    /** Stops the operation: a running FFmpeg is killed, a loop stops at its next check, a queued one never starts. */
    public void cancel() {
        cancellation.cancel();
    }

    public Cancellation cancellation() {
        return cancellation;
    }
}
