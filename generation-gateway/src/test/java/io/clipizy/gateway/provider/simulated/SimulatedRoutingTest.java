package io.clipizy.gateway.provider.simulated;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.TaskEvents;
import io.clipizy.gateway.fakes.FakeMedia;
import io.clipizy.gateway.fakes.FakePeers;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The simulated provider inside the running gateway, enabled and routed as the launcher's --simulate-providers does:
 * tasks without a provider go to it, end SUCCEEDED after its latency with outputs stored through media-service, and
 * the kinds not routed to it stay on the local engine.
 */
@QuarkusTest
@TestProfile(SimulatedRoutingTest.Simulated.class)
class SimulatedRoutingTest {
    private static final Duration LONG = Duration.ofSeconds(90);

    public static class Simulated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clipizy.providers.simulated.enabled", "true",
                    "clipizy.providers.simulated.latency-median", "PT0.2S",
                    "clipizy.providers.simulated.latency-p99", "PT0.4S",
                    "clipizy.providers.simulated.fault-rate", "0",
                    "clipizy.routing.image_generation", "simulated",
                    "clipizy.routing.video_generation", "simulated");
        }
    }

    @Test
    void routedKindsRunOnTheSimulatedProviderAndTheirOutputsAreStoredThroughMedia() {
        String owner = "sim-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID image = create(owner, "{\"kind\":\"image_generation\",\"params\":{\"prompt\":\"a kite\",\"aspectRatio\":\"1:1\"}}");
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, image, LONG);
            TaskEvent end = TaskEvents.last(events);
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> String.valueOf(end.error()));
            assertEquals("simulated", end.provider());
            assertTrue(events.stream().anyMatch(e -> e.status() == TaskStatus.RUNNING && e.progress() > 0),
                    "progress while it runs");
            assertEquals(96, end.result().get("width").asInt());
            UUID png = end.outputs().get(0).mediaId();
            FakeMedia.Asset stored = FakePeers.media().asset(png);
            assertNotNull(stored, "stored through media-service");
            assertEquals(MediaKind.IMAGE, stored.metadata().kind());
            assertEquals("image/png", stored.partContentType());

            UUID clip = create(owner, "{\"kind\":\"video_generation\",\"params\":{\"image\":\"" + png + "\",\"seconds\":4}}");
            TaskEvent clipEnd = TaskEvents.last(TaskEvents.untilEnd(kafka, clip, LONG));
            assertEquals(TaskStatus.SUCCEEDED, clipEnd.status(), () -> String.valueOf(clipEnd.error()));
            assertEquals("simulated", clipEnd.provider());
            assertEquals("video/mp4", FakePeers.media().asset(clipEnd.outputs().get(0).mediaId()).partContentType());
        }
    }

    @Test
    void aKindNotRoutedToItKeepsItsOwnRouting() {
        String owner = "sim-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID music = create(owner, "{\"kind\":\"music_generation\",\"params\":{\"seconds\":2,\"format\":\"wav\"}}");
            TaskEvent end = TaskEvents.last(TaskEvents.untilEnd(kafka, music, LONG));
            // the test configuration routes music_generation to test-down, test-echo: simulated serves the kind but
            // is not listed, so it is never tried
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> String.valueOf(end.error()));
            assertEquals("test-echo", end.provider());
        }
    }

    private static UUID create(String owner, String body) {
        String id = given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON).body(body)
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
