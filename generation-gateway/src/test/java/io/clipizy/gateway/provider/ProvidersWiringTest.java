package io.clipizy.gateway.provider;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.gateway.provider.comfyui.ComfyUiProvider;
import io.clipizy.gateway.provider.comfyui.GraphTemplates;
import io.clipizy.gateway.provider.runpod.RunPodProvider;
import io.clipizy.gateway.provider.runpod.RunPodWebhooks;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ComfyUI and RunPod providers as beans of the running service (test resources: the module's GLOBAL ones): found
 * as {@link Provider}s, unconfigured out of the box, templates loaded, and the RunPod webhook open to RunPod but
 * answering 404 — with no effect — to anything but a followed task's own secret.
 */
@QuarkusTest
class ProvidersWiringTest {
    @Inject
    @Any
    Instance<Provider> providers;

    @Inject
    GraphTemplates templates;

    @Inject
    RunPodWebhooks webhooks;

    @Test
    void bothProvidersAreBeansAndUnconfiguredByDefault() {
        Set<String> names = providers.stream().map(Provider::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("comfyui", "runpod")), names.toString());
        providers.stream().filter(p -> p instanceof ComfyUiProvider || p instanceof RunPodProvider)
                .forEach(p -> assertFalse(p.configured(), p.name() + " is unconfigured out of the box"));
        assertEquals(4, templates.all().size());
    }

    @Test
    void theWebhookAnswers404WithoutEffectUnlessTheSecretMatches() {
        UUID task = UUID.randomUUID();
        AtomicInteger woken = new AtomicInteger();
        try (RunPodWebhooks.Registration ignored = webhooks.register(task, "the-right-secret", woken::incrementAndGet)) {
            given().contentType("application/json").body("{\"id\":\"x\",\"status\":\"COMPLETED\"}")
                    .when().post("/api/hooks/runpod/" + task + "/a-wrong-secret").then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404));
            given().when().post("/api/hooks/runpod/" + UUID.randomUUID() + "/the-right-secret").then().statusCode(404);
            given().when().post("/api/hooks/runpod/not-a-task/the-right-secret").then().statusCode(404);
            assertEquals(0, woken.get(), "no follower was woken");

            given().contentType("application/json").body("{\"id\":\"x\",\"status\":\"COMPLETED\"}")
                    .when().post("/api/hooks/runpod/" + task + "/the-right-secret").then()
                    .statusCode(204);
            assertEquals(1, woken.get());
        }
    }
}
