package io.clipizy.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {
    private final ApiRoutes routes = ApiRoutes.load();

    @Test
    void theLongestPrefixWinsAndPrefixesMatchWholeSegments() {
        assertEquals("media-service", routes.route("/api/media/123/content").orElseThrow().service());
        assertEquals("generation-gateway", routes.route("/api/v1/videos/jobs").orElseThrow().service());
        assertTrue(routes.route("/api/mediax").isEmpty());
        assertTrue(routes.route("/api").isEmpty());
    }

    @Test
    void serviceToServiceEndpointsAreNeverRouted() {
        assertTrue(routes.route("/api/internal/media/outputs").isEmpty());
        assertTrue(routes.isBlocked("/api/internal"));
    }

    @Test
    void everyPrefixIsUniqueAndEveryServiceIsKnown() {
        Set<String> prefixes = new HashSet<>();
        Set<String> services = Set.of("chat-service", "workflow-service", "generation-gateway", "media-service",
                "billing-service", "event-hub-service");
        for (ApiRoutes.Route r : routes.routes()) {
            assertTrue(prefixes.add(r.prefix()), "duplicate " + r.prefix());
            assertTrue(services.contains(r.service()), r.service());
        }
        assertTrue(routes.route("/ws/events").orElseThrow().websocket());
    }
}
