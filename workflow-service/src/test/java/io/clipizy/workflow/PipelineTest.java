package io.clipizy.workflow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.clipizy.workflow.processor.ProcessorsTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pipelines end to end through the engine, with the gateway played over the real broker. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_workflow_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeBillingService.class, scope = TestResourceScope.GLOBAL)
class PipelineTest {

    static Map<String, Object> musicInputs(int scenes) {
        return Map.of("audio", UUID.randomUUID().toString(), "description", "neon city at night", "style", "cinematic",
                "scenes", scenes, "duration", 64, "aspectRatio", "9:16");
    }

    @Test
    void recurringScenesRunsFromAnalysisToRenderWithApproval() {
        try (KafkaTestClient events = new KafkaTestClient(Topics.WORKFLOW_EVENTS)) {
            UUID run = Api.start("alice", "music-video.recurring-scenes", musicInputs(3));
            try (FakeGateway gateway = new FakeGateway(run)) {
                GenerationRequested analysis = gateway.requests(1).get(0);
                assertEquals(TaskKind.AUDIO_ANALYSIS, analysis.kind());
                assertEquals(RunStepTaskIds.expected(run, "analysis", -1, 1), analysis.taskId());
                gateway.result(analysis, ProcessorsTest.song());

                JsonPath waiting = Api.awaitStatus("alice", run, "WAITING_INPUT");
                assertEquals(3, waiting.getList("nodes.find { it.nodeId == 'approve' }.awaiting.show.scenes").size());
                assertEquals("SKIPPED", waiting.getString("nodes.find { it.nodeId == 'prompts' }.status"), "no LLM: the plan is shown instead");
                Api.answer("alice", run, "approve", Map.of("action", "approve"));

                // Different task ids are different keys, so their order across partitions is not defined.
                List<GenerationRequested> frames = gateway.requests(3).stream()
                        .sorted(java.util.Comparator.comparing(GenerationRequested::itemIndex)).toList();
                assertEquals(List.of(0, 1, 2), frames.stream().map(GenerationRequested::itemIndex).toList());
                assertTrue(frames.get(0).params().path("prompt").asText().contains("neon city at night"));
                assertEquals("9:16", frames.get(0).params().path("aspectRatio").asText());
                List<UUID> images = frames.stream().map(f -> gateway.media(f, MediaKind.IMAGE, "image/png")).toList();

                GenerationRequested render = gateway.requests(1).get(0);
                assertEquals(TaskKind.VIDEO_COMPOSITION, render.kind());
                JsonNode timeline = render.params().get("timeline");
                assertEquals(64.0, timeline.get("duration").asDouble());
                assertEquals(images.get(0).toString(), timeline.get("clips").get(0).get("source").get("asset").asText());
                UUID video = gateway.media(render, MediaKind.VIDEO, "video/mp4");

                JsonPath done = Api.awaitStatus("alice", run, "SUCCEEDED");
                assertEquals(180, done.getInt("run.estimatedCredits"), "billing's estimate for 3 scenes");
                FakeBillingService.Call asked = FakeBillingService.CALLS.stream()
                        .filter(c -> c.body().path("inputs").path("scenes").asInt() == 3).findFirst().orElseThrow();
                assertEquals("music-video.recurring-scenes", asked.body().path("workflowId").asText());
                assertTrue(asked.authorization().startsWith("Bearer "), "the estimate is asked with the person's token");
                assertEquals(video.toString(), done.getString("run.output.mediaId"));
                gateway.expectNoRequest(Duration.ofSeconds(2));
            }
            List<String> types = events.collect(r -> r.key().equals(run.toString()), Duration.ofSeconds(3)).stream()
                    .map(r -> JsonCodec.decode(r.value(), WorkflowEvent.class).type()).toList();
            assertEquals("RunStarted", types.get(0));
            assertTrue(types.contains("InputRequested"), types.toString());
            assertEquals("RunSucceeded", types.get(types.size() - 1));
            assertEquals(1, types.stream().filter("RunSucceeded"::equals).count());
        }
    }

    @Test
    void badInputsAreListedFieldByField() {
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body(JsonCodec.encode(Map.of("workflowId", "music-video.recurring-scenes",
                        "inputs", Map.of("audio", "not-an-id", "style", "baroque", "scenes", 99, "colour", "red"))))
                .when().post("/api/runs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("inputs.audio")).body("errors.field", hasItem("inputs.style"))
                .body("errors.field", hasItem("inputs.scenes")).body("errors.field", hasItem("inputs.description"))
                .body("errors.field", hasItem("inputs.duration")).body("errors.field", hasItem("inputs.colour"));
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"nope\",\"inputs\":{}}").when().post("/api/runs").then().statusCode(400)
                .body("errors.field", hasItem("workflowId"));
    }

    @Test
    void theWorkflowCatalogueIsListedWithItsForms() {
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/workflows?projectType=music-clip").then()
                .statusCode(200).body("id", hasItem("music-video.looped-static"))
                .body("find { it.id == 'music-video.recurring-scenes' }.inputs.scenes.max", equalTo(24.0f));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/workflows/audio.analyze").then()
                .statusCode(200).body("nodes.id", hasItem("report"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/workflows/nope").then().statusCode(404);
    }
}
