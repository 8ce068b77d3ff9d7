package io.clipizy.workflow.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the configured providers can do ({@code providers.text}, {@code providers.vision}...), as workflows test it
 * in {@code when}. Without an LLM, {@code text} is absent and workflows take their deterministic processors.
 */
@ApplicationScoped
public class ProviderCapabilities {
    private final Set<String> capabilities;

    public ProviderCapabilities(@ConfigProperty(name = "clipizy.providers.capabilities") Optional<List<String>> configured) {
        this.capabilities = Set.copyOf(configured.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    public Set<String> all() {
        return capabilities;
    }
}
