package io.clipizy.workflow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.contracts.Topics;
import io.clipizy.workflow.processor.ProcessorsTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** automate.batch: one workflow over a list, every item validated first, items independent, a summary per item. */
@QuarkusTest
class BatchTest {

    private static List<Map<String, Object>> songs(int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("audio", UUID.randomUUID().toString()));
        }
        return items;
    }

    /** The analysis requests of the batch's child runs (whose ids are deterministic: batch + node + item + attempt). */
    private static List<GenerationRequested> childRequests(KafkaTestClient kafka, UUID batch, int items, int count) {
        java.util.Set<UUID> children = new java.util.HashSet<>();
        for (int i = 0; i < items; i++) {
            children.add(RunStepTaskIds.expected(batch, "runs", i, 1));
        }
        List<GenerationRequested> found = kafka.await(r -> r.value().contains("GenerationRequested")
                        && children.contains(JsonCodec.decode(r.value(), GenerationRequested.class).runId()), count, Duration.ofSeconds(30))
                .stream().map(r -> JsonCodec.decode(r.value(), GenerationRequested.class)).toList();
        assertEquals(count, found.size());
        return found;
    }

    @Test
    void oneFailedItemIsReportedAndTheOthersFinish() {
        List<Map<String, Object>> items = songs(3);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.GENERATION_REQUESTS)) {
            UUID batch = Api.start("zoe", "automate.batch", Map.of("workflow", "audio.analyze", "items", items));
            List<GenerationRequested> first = childRequests(kafka, batch, 3, 2);
            String failingAudio = items.get(1).get("audio").toString();
            for (GenerationRequested r : first) {
                answer(r.runId(), r, failingAudio);
            }
            GenerationRequested third = childRequests(kafka, batch, 3, 1).get(0);
            answer(third.runId(), third, failingAudio);
            JsonPath done = Api.awaitStatus("zoe", batch, "SUCCEEDED");
            assertEquals(2, done.getInt("run.output.succeeded"));
            assertEquals(1, done.getInt("run.output.failed"));
            Map<String, Object> failed = done.getMap("run.output.items.find { it.status == 'FAILED' }");
            assertEquals(1, failed.get("index"));
            assertEquals("analysis", failed.get("failedNode"));
            assertEquals("invalid_input", ((Map<?, ?>) failed.get("error")).get("code"));
        }
    }

    private static void answer(UUID childRun, GenerationRequested r, String failingAudio) {
        try (FakeGateway gateway = new FakeGateway(childRun)) {
            if (r.params().path("audio").asText().equals(failingAudio)) {
                gateway.fail(r, new ErrorInfo(ErrorCode.INVALID_INPUT, "The file is not audio FFmpeg can read", false));
            } else {
                gateway.result(r, ProcessorsTest.song());
            }
        }
    }

    @Test
    void everyItemIsValidatedBeforeTheFirstStarts() {
        given().auth().oauth2(OidcResource.user("zoe")).contentType(ContentType.JSON)
                .body(JsonCodec.encode(Map.of("workflowId", "automate.batch", "inputs", Map.of("workflow", "audio.analyze",
                        "items", List.of(Map.of("audio", UUID.randomUUID().toString()), Map.of("audio", "song.mp3"), Map.of())))))
                .when().post("/api/runs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("inputs.items[1].audio")).body("errors.field", hasItem("inputs.items[2].audio"));
        given().auth().oauth2(OidcResource.user("zoe")).contentType(ContentType.JSON)
                .body(JsonCodec.encode(Map.of("workflowId", "automate.batch", "inputs", Map.of("workflow", "automate.batch", "items", List.of()))))
                .when().post("/api/runs").then().statusCode(400).body("errors.field", hasItem("inputs.workflow"));
    }

    @Test
    void cancellingABatchCancelsItsChildRuns() {
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.GENERATION_REQUESTS)) {
            UUID batch = Api.start("zed", "automate.batch", Map.of("workflow", "audio.analyze", "items", songs(2)));
            List<UUID> children = childRequests(kafka, batch, 2, 2).stream().map(GenerationRequested::runId).sorted(Comparator.naturalOrder()).toList();
            given().auth().oauth2(OidcResource.user("zed")).when().post("/api/runs/" + batch + "/cancel").then().statusCode(200);
            for (UUID child : children) {
                assertEquals("CANCELLED", Api.run("zed", child).getString("run.status"));
            }
        }
    }
}
