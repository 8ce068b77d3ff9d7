package io.clipizy.gateway.provider.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderHealth;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chat and video providers are beans the gateway finds among its {@link Provider}s, built from their
 * configuration mappings, and unconfigured (so never routed to) until a url and key are set.
 */
@QuarkusTest
class ProviderBeansTest {
    @Inject
    @Any
    Instance<Provider> providers;

    @Test
    void theChatAndVideoProvidersAreWiredAndUnconfiguredByDefault() {
        Map<String, Provider> byName = providers.stream().collect(Collectors.toMap(Provider::name, Function.identity(), (a, b) -> a));
        Map<String, Set<TaskKind>> expected = Map.of(
                "ollama", Set.of(TaskKind.TEXT_GENERATION, TaskKind.IMAGE_DESCRIPTION),
                "openai-chat", Set.of(TaskKind.TEXT_GENERATION, TaskKind.IMAGE_DESCRIPTION),
                "sora", Set.of(TaskKind.VIDEO_GENERATION),
                "openai-videos", Set.of(TaskKind.VIDEO_GENERATION));
        expected.forEach((name, kinds) -> {
            Provider provider = byName.get(name);
            assertNotNull(provider, name + " is a Provider bean");
            assertEquals(kinds, provider.kinds());
            assertFalse(provider.configured(), name + " has no url by default");
            ProviderHealth health = provider.probe().await().atMost(Duration.ofSeconds(5));
            assertFalse(health.configured() || health.reachable(), name + ": " + health);
        });
    }
}
