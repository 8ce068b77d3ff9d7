package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.ProviderRouter;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Calls a provider directly, outside the task lifecycle, for the quick synchronous helpers of the jobs API (prompt
 * enhancement, vision analysis): the provider is the one task routing would choose for the kind
 * ({@code clipizy.routing.<kind>}), and gets a synthetic {@link ProviderCall} whose inputs are local files.
 */
@ApplicationScoped
public class DirectProviders {
    private static final Logger LOG = Logger.getLogger(DirectProviders.class);

    @Inject
    ProviderRouter router;

    /**
     * The provider for the kind exactly as task routing picks it ({@link ProviderRouter#first}): the configured ones
     * listed in {@code clipizy.routing.<kind>} (default: {@code local} where it runs the kind), in that order, those
     * whose breaker is closed first; empty when none is.
     */
    public Optional<Provider> find(TaskKind kind) {
        return router.first(kind);
    }

    /**
     * Runs one call to its end: start, then follow, bounded by {@code timeout} (a job that fails or runs past it is
     * cancelled at the provider, best effort). {@code files} are the inputs the provider may fetch by id. Provider
     * failures become 503 (unavailable, timeout) or 422 (refused) problems.
     */
    public Uni<JsonNode> call(Provider provider, TaskKind kind, String ownerId, JsonNode params, Map<UUID, InputMedia.LocalMedia> files,
                              Path workDir, Duration timeout) {
        InputMedia inputs = id -> {
            InputMedia.LocalMedia media = files.get(id);
            return media == null ? Uni.createFrom().failure(ProviderException.invalidInput("Unknown input " + id))
                    : Uni.createFrom().item(media);
        };
        ProviderCall call = new ProviderCall(UUID.randomUUID(), ownerId, null, kind, params, Instant.now().plus(timeout),
                workDir, inputs, ProgressSink.NONE);
        return Uni.createFrom().deferred(() -> provider.start(call))
                .chain(job -> provider.follow(call, job)
                        .onFailure().call(() -> provider.cancel(call, job).onFailure().recoverWithNull())
                        .onCancellation().invoke(() -> provider.cancel(call, job).subscribe().with(ok -> { },
                                failure -> LOG.debugf("cancelling %s's job failed: %s", provider.name(), failure))))
                .ifNoItem().after(timeout).failWith(() -> ProviderException.timeout(provider.name()
                        + " did not answer within " + timeout.toSeconds() + " s"))
                .map(ProviderResult::result)
                .onFailure().transform(f -> problem(provider.name(), f));
    }

    private static Throwable problem(String provider, Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        if (failure instanceof ProviderException) {
            ProviderException e = (ProviderException) failure;
            if (e.retryable()) {
                long after = e.retryAfter() == null ? 5 : Math.max(1, e.retryAfter().toSeconds());
                return new ProblemException(Problem.of(ProblemType.DEPENDENCY_UNAVAILABLE, provider + ": " + e.getMessage()),
                        Map.of("Retry-After", Long.toString(after)));
            }
            return new ProblemException(ProblemType.UNPROCESSABLE, provider + " refused the request: " + e.getMessage());
        }
        LOG.warnf(failure, "A direct call to %s failed unexpectedly", provider);
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, provider + " failed; try again shortly");
    }
}
