package io.clipizy.gateway.provider;

import io.clipizy.contracts.event.TaskKind;
import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * One way of doing generative or analysis work: the built-in {@code local} engine, or an adapter for an external API
 * (ComfyUI, RunPod, Sora, OpenAI Videos, Ollama, OpenAI-compatible chat). Implementations are
 * {@code @ApplicationScoped} CDI beans; the task executor finds them all and routes each task by kind and
 * configuration.
 *
 * <p>The life of a job has two halves so that a restart loses nothing: {@link #start} submits the work and answers
 * quickly with the provider's job ids, which the executor persists before it calls {@link #follow}; after a restart the
 * executor calls {@link #follow} again with the stored {@link ProviderJob} (re-attach). Providers that cannot submit
 * and re-attach (the local engine) do the work in {@code follow} and answer {@link ProviderJob#inline} from
 * {@code start}; an inline job found unfinished after a restart is started again.
 *
 * <p>Failures are {@link ProviderException}s with a typed {@code ErrorCode}; providers apply their own bounded
 * concurrency, rate limit, retries with backoff and jitter, and circuit breaker around their calls to the API
 * ({@link ProviderGuard}), and never hang: every wait is bounded by {@link ProviderCall#deadline()}.
 */
public interface Provider {
    /** The configuration and routing name: {@code local}, {@code comfyui}, {@code runpod}, {@code sora}, ... */
    String name();

    /** The task kinds this provider can run when configured. */
    Set<TaskKind> kinds();

    /** Whether it has what it needs (endpoint, credentials) to be tried at all. */
    boolean configured();

    /**
     * Whether routing should try it now: configured, and (adapters override this with their {@link ProviderGuard})
     * its circuit breaker closed. Routing tries available providers before configured ones whose breaker is open.
     */
    default boolean available() {
        return configured();
    }

    /** A cheap check of the API (or the engine) for routing and {@code /api/v1/env/status}. Never fails: reports. */
    Uni<ProviderHealth> probe();

    /** Submits the work; answers with what is needed to follow (and re-attach to) it. */
    Uni<ProviderJob> start(ProviderCall call);

    /**
     * Follows a started job to its end, reporting progress through {@link ProviderCall#progress()}, and downloads its
     * outputs into {@link ProviderCall#workDir()} before answering (provider URLs expire; media ids do not).
     */
    Uni<ProviderResult> follow(ProviderCall call, ProviderJob job);

    /** Asks the provider to stop the job; best effort, never fails for a job that already ended. */
    Uni<Void> cancel(ProviderCall call, ProviderJob job);
}
