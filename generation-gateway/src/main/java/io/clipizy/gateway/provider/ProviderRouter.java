package io.clipizy.gateway.provider;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.TaskKind;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Chooses the providers a task runs on. A task naming its provider gets exactly that one; otherwise the kind's order
 * from {@code clipizy.routing.<kind>} (default: {@code local} where it runs the kind) is filtered to the configured
 * providers, those whose breaker is closed first. The executor tries them in turn while failures are retryable.
 */
@ApplicationScoped
public class ProviderRouter {
    private static final Logger LOG = Logger.getLogger(ProviderRouter.class);
    private static final String DEFAULT_PROVIDER = "local";

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Config config;

    @Inject
    public ProviderRouter(@Any Instance<Provider> beans, Config config) {
        this.config = config;
        for (Provider provider : beans) {
            Provider previous = providers.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new IllegalStateException("Two providers are named '" + provider.name() + "'");
            }
        }
    }

    void report(@Observes StartupEvent start) {
        for (TaskKind kind : TaskKind.values()) {
            for (String name : order(kind)) {
                if (!providers.containsKey(name)) {
                    LOG.warnf("clipizy.routing.%s names '%s', which is no provider of this gateway (known: %s)",
                            kind.wire(), name, String.join(", ", providers.keySet()));
                }
            }
            LOG.infof("%s runs on: %s", kind.wire(), names(candidates(kind)));
        }
    }

    /** Every provider of this gateway, by name. */
    public Collection<Provider> all() {
        return providers.values();
    }

    public Optional<Provider> byName(String name) {
        return Optional.ofNullable(name == null ? null : providers.get(name));
    }

    /**
     * The providers to try for a task, in order; never empty. Fails with {@code invalid_input} for an unknown provider
     * or one that cannot run the kind, and {@code provider_unavailable} when none is configured.
     */
    public List<Provider> route(TaskKind kind, String requested) {
        if (requested != null && !requested.isBlank()) {
            Provider provider = providers.get(requested);
            if (provider == null) {
                throw ProviderException.invalidInput("There is no provider '" + requested + "'; known providers: "
                        + String.join(", ", new TreeSet<>(providers.keySet())));
            }
            if (!provider.kinds().contains(kind)) {
                throw ProviderException.invalidInput("The provider '" + requested + "' cannot run " + kind.wire()
                        + " tasks; it runs " + provider.kinds().stream().map(TaskKind::wire).sorted().toList());
            }
            if (!provider.configured()) {
                throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "The provider '" + requested
                        + "' is not configured on this gateway (set clipizy.providers." + requested
                        + ".url and its key); choose another provider or leave it out", false, null, null);
            }
            return List.of(provider);
        }
        List<Provider> candidates = candidates(kind);
        if (candidates.isEmpty()) {
            List<String> able = providers.values().stream().filter(p -> p.kinds().contains(kind))
                    .map(Provider::name).sorted().toList();
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "No provider is configured for "
                    + kind.wire() + " tasks" + (able.isEmpty() ? "" : "; configure one of " + able
                    + " (clipizy.providers.<name>.url) and list it in clipizy.routing." + kind.wire()), false, null,
                    null);
        }
        return candidates;
    }

    /**
     * The provider a task of this kind naming none would try first (see {@link #route}), for calls made outside the
     * task lifecycle; empty when none is configured for the kind.
     */
    public Optional<Provider> first(TaskKind kind) {
        return candidates(kind).stream().findFirst();
    }

    /** The configured providers for a kind in routing order, available ones (breaker closed) first. */
    List<Provider> candidates(TaskKind kind) {
        List<Provider> available = new ArrayList<>();
        List<Provider> open = new ArrayList<>();
        for (String name : order(kind)) {
            Provider provider = providers.get(name);
            if (provider == null || !provider.kinds().contains(kind) || !provider.configured()
                    || available.contains(provider) || open.contains(provider)) {
                continue;
            }
            (provider.available() ? available : open).add(provider);
        }
        available.addAll(open);
        return available;
    }

    private List<String> order(TaskKind kind) {
        Optional<List<String>> configured = config.getOptionalValues("clipizy.routing." + kind.wire(), String.class);
        if (configured.isPresent()) {
            return configured.get().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        Provider local = providers.get(DEFAULT_PROVIDER);
        return local != null && local.kinds().contains(kind) ? List.of(DEFAULT_PROVIDER) : List.of();
    }

    private static String names(List<Provider> list) {
        return list.isEmpty() ? "(none configured)" : String.join(", ", list.stream().map(Provider::name).toList());
    }
}
