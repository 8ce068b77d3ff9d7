package io.clipizy.gateway.status;

import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderHealth;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes every provider bean for {@code /api/v1/env/status}: all at once, each bounded by a timeout, each answer
 * cached for a short while so the page can be refreshed freely without hammering external APIs. A probe that fails or
 * times out is reported as unreachable with the reason; it never fails the status call.
 */
@ApplicationScoped
public class ProviderStatusService {
    @Inject
    @Any
    Instance<Provider> providers;

    @Inject
    StatusConfig config;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ProviderStatus status, long at) {
    }

    /** Every provider's status, sorted by name. */
    public Uni<List<ProviderStatus>> all() {
        List<Uni<ProviderStatus>> probes = new ArrayList<>();
        for (Provider provider : providers) {
            probes.add(status(provider));
        }
        if (probes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(probes).andFailFast().map(list -> list.stream()
                .sorted(Comparator.comparing(ProviderStatus::name)).toList());
    }

    private Uni<ProviderStatus> status(Provider provider) {
        String name = provider.name();
        Cached hit = cache.get(name);
        long now = System.nanoTime();
        if (hit != null && now - hit.at() < config.cache().toNanos()) {
            return Uni.createFrom().item(hit.status());
        }
        List<String> kinds = provider.kinds().stream().map(TaskKind::wire).sorted().toList();
        if (!provider.configured()) {
            return Uni.createFrom().item(remember(name, new ProviderStatus(name, kinds, false, false, null, null,
                    Instant.now())));
        }
        long started = System.nanoTime();
        return Uni.createFrom().deferred(provider::probe)
                .ifNoItem().after(config.probeTimeout()).fail()
                .map(health -> fromHealth(name, kinds, health, started))
                .onFailure().recoverWithItem(failure -> new ProviderStatus(name, kinds, true, false,
                        (System.nanoTime() - started) / 1_000_000,
                        Redaction.scrub(failure instanceof io.smallrye.mutiny.TimeoutException
                                ? "The probe did not answer within " + config.probeTimeout().toMillis() + " ms"
                                : "The probe failed: " + failure.getMessage()), Instant.now()))
                .map(status -> remember(name, status));
    }

    private static ProviderStatus fromHealth(String name, List<String> kinds, ProviderHealth health, long started) {
        Long latency = health.latencyMs() != null ? health.latencyMs() : (System.nanoTime() - started) / 1_000_000;
        return new ProviderStatus(name, kinds, health.configured(), health.reachable(), latency,
                Redaction.scrub(health.lastError()), health.checkedAt() == null ? Instant.now() : health.checkedAt());
    }

    private ProviderStatus remember(String name, ProviderStatus status) {
        cache.put(name, new Cached(status, System.nanoTime()));
        return status;
    }

    /** Forgets cached answers (a provider's configuration changed, or a test wants a fresh probe). */
    public void forget() {
        cache.clear();
    }
}
