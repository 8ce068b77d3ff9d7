package io.clipizy.workflow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.workflow.engine.RunSweeper;
import io.clipizy.workflow.processor.ProcessorsTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine's guarantees, through the API and the real broker. */
@QuarkusTest
class EngineBehaviourTest {
    @Inject
    RunSweeper sweeper;

    @Inject
    MeterRegistry registry;

    private static Map<String, Object> imageInputs(int variants) {
        return Map.of("prompt", "a lighthouse in a storm", "variants", variants);
    }

    @Test
    void aRestartResumesTheRunWithoutDispatchingAnyTaskTwice() {
        UUID run = Api.start("rita", "music-video.recurring-scenes", PipelineTest.musicInputs(2));
        try (FakeGateway gateway = new FakeGateway(run)) {
            GenerationRequested analysis = gateway.requests(1).get(0);
            sweeper.recoverAll().await().atMost(Duration.ofSeconds(20));
            sweeper.recoverAll().await().atMost(Duration.ofSeconds(20));
            gateway.expectNoRequest(Duration.ofSeconds(3));
            assertEquals("PENDING", Api.run("rita", run).getString("nodes.find { it.nodeId == 'analysis' }.status"));

            gateway.result(analysis, ProcessorsTest.song());
            Api.awaitStatus("rita", run, "WAITING_INPUT");
            sweeper.recoverAll().await().atMost(Duration.ofSeconds(20));
            Api.answer("rita", run, "approve", Map.of("action", "approve"));
            List<GenerationRequested> frames = gateway.requests(2);
            sweeper.recoverAll().await().atMost(Duration.ofSeconds(20));
            gateway.expectNoRequest(Duration.ofSeconds(3));
            frames.forEach(f -> gateway.media(f, MediaKind.IMAGE, "image/png"));
            gateway.media(gateway.requests(1).get(0), MediaKind.VIDEO, "video/mp4");
            Api.awaitStatus("rita", run, "SUCCEEDED");
        }
    }

    @Test
    void redeliveredAndStaleTaskEventsHaveNoEffect() {
        UUID run = Api.start("sam", "audio.analyze", Map.of("audio", UUID.randomUUID().toString()));
        try (FakeGateway gateway = new FakeGateway(run)) {
            GenerationRequested analysis = gateway.requests(1).get(0);
            gateway.send(analysis, TaskStatus.RUNNING, 1, List.of(), null, null);
            gateway.send(analysis, TaskStatus.SUCCEEDED, 3, List.of(), ProcessorsTest.song(), null);
            gateway.send(analysis, TaskStatus.RUNNING, 2, List.of(), null, null);
            gateway.send(analysis, TaskStatus.FAILED, 1, List.of(), null, new ErrorInfo(ErrorCode.INTERNAL, "late", false));
            JsonPath done = Api.awaitStatus("sam", run, "SUCCEEDED");
            assertEquals(null, done.getString("run.estimatedCredits"), "billing could not estimate: the run went ahead without one");
            assertTrue(done.getString("run.output.summary").contains("120 BPM"), done.getString("run.output.summary"));
            assertEquals("A minor", done.getString("run.output.key"));
        }
    }

    @Test
    void progressEventsUpdateTheNodeWithoutAnEnginePassAndTheEndAdvancesTheRun() throws InterruptedException {
        UUID run = Api.start("pia", "image.generate-or-edit", imageInputs(1));
        try (FakeGateway gateway = new FakeGateway(run)) {
            GenerationRequested image = gateway.requests(1).get(0);
            double updated = taskEvents("node-updated");
            double advanced = taskEvents("run-advanced");
            for (int sequence = 1; sequence <= 4; sequence++) {
                gateway.send(image, TaskStatus.RUNNING, sequence, List.of(), null, null);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (taskEvents("node-updated") < updated + 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(taskEvents("node-updated") >= updated + 4, "the four progress events only update the node");
            JsonPath running = Api.run("pia", run);
            String node = "nodes.find { it.nodeId == 'images' && it.itemIndex == 0 }";
            assertEquals("RUNNING", running.getString(node + ".status"), running.prettify());
            assertEquals(0.5f, running.getFloat(node + ".progress"));
            gateway.send(image, TaskStatus.SUCCEEDED, 5,
                    List.of(new TaskOutput(0, UUID.randomUUID(), MediaKind.IMAGE, "image/png")), null, null);
            Api.awaitStatus("pia", run, "SUCCEEDED");
            assertTrue(taskEvents("run-advanced") >= advanced + 1, "the task's end moves the run on");
        }
    }

    private double taskEvents(String effect) {
        return registry.counter("clipizy.workflow.task.events", "effect", effect).count();
    }

    @Test
    void aRetryableFailureIsRetriedWithANewTaskThenFailsTheRunWhenExhausted() {
        UUID run = Api.start("tom", "image.generate-or-edit", imageInputs(1));
        try (FakeGateway gateway = new FakeGateway(run)) {
            GenerationRequested first = gateway.requests(1).get(0);
            gateway.fail(first, new ErrorInfo(ErrorCode.PROVIDER_UNAVAILABLE, "The image provider is down", true));
            GenerationRequested second = gateway.requests(1).get(0);
            assertNotEquals(first.taskId(), second.taskId());
            assertEquals(2, second.attempt());
            gateway.fail(second, new ErrorInfo(ErrorCode.MODERATION, "The prompt was refused by the provider's safety filter", false));
            JsonPath failed = Api.awaitStatus("tom", run, "FAILED");
            assertEquals("moderation", failed.getString("run.error.code"));
        }
    }

    @Test
    void choosingAmongVariantsAndRegeneratingOneItemOnly() {
        UUID run = Api.start("uma", "image.generate-or-edit", imageInputs(3));
        try (FakeGateway gateway = new FakeGateway(run)) {
            List<GenerationRequested> images = gateway.requests(3).stream()
                    .sorted(Comparator.comparing(GenerationRequested::itemIndex)).toList();
            assertEquals(List.of(0, 1, 2), images.stream().map(r -> r.params().path("seed").asInt()).toList(), "each variant its own seed");
            List<UUID> media = images.stream().map(r -> gateway.media(r, MediaKind.IMAGE, "image/png")).toList();
            Api.awaitStatus("uma", run, "WAITING_INPUT");

            given().auth().oauth2(OidcResource.user("uma")).contentType(ContentType.JSON)
                    .body("{\"items\":[1],\"feedback\":\"more waves\"}")
                    .when().post("/api/runs/" + run + "/nodes/images/regenerate").then().statusCode(200);
            GenerationRequested again = gateway.requests(1).get(0);
            assertEquals(1, again.itemIndex());
            assertEquals("more waves", again.params().path("feedback").asText());
            gateway.expectNoRequest(Duration.ofSeconds(2));
            UUID replaced = gateway.media(again, MediaKind.IMAGE, "image/png");
            Api.awaitStatus("uma", run, "WAITING_INPUT");

            given().auth().oauth2(OidcResource.user("uma")).contentType(ContentType.JSON).body("{\"action\":\"choose\",\"value\":7}")
                    .when().post("/api/runs/" + run + "/inputs/pick").then().statusCode(400);
            Api.answer("uma", run, "pick", Map.of("action", "choose", "value", 1));
            JsonPath done = Api.awaitStatus("uma", run, "SUCCEEDED");
            assertEquals(replaced.toString(), done.getString("run.output.mediaId"));
            assertNotEquals(media.get(1).toString(), done.getString("run.output.mediaId"));
        }
    }

    @Test
    void actualCreditsAreTheNetOfTheRunsReservationsAndReleases() {
        UUID run = Api.start("xia", "image.generate-or-edit", imageInputs(2));
        try (FakeGateway gateway = new FakeGateway(run); KafkaTestClient kafka = new KafkaTestClient()) {
            List<GenerationRequested> images = gateway.requests(2);
            String reserved0 = JsonCodec.encode(io.clipizy.contracts.event.CreditsChanged.of("xia", 50, -10, "reserved",
                    images.get(0).taskId().toString()));
            kafka.send(Topics.BILLING_EVENTS, "xia", reserved0);
            kafka.send(Topics.BILLING_EVENTS, "xia", reserved0);
            kafka.send(Topics.BILLING_EVENTS, "xia", JsonCodec.encode(io.clipizy.contracts.event.CreditsChanged.of("xia", 40, -10,
                    "reserved", images.get(1).taskId().toString())));
            kafka.send(Topics.BILLING_EVENTS, "xia", JsonCodec.encode(io.clipizy.contracts.event.CreditsChanged.of("xia", 44, 4,
                    "released", images.get(1).taskId().toString())));
            kafka.send(Topics.BILLING_EVENTS, "mallory", JsonCodec.encode(io.clipizy.contracts.event.CreditsChanged.of("mallory", 0, -99,
                    "reserved", images.get(0).taskId().toString())));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && Api.run("xia", run).getInt("run.actualCredits") != 16) {
                Thread.sleep(150);
            }
            Thread.sleep(1000);
            assertEquals(16, Api.run("xia", run).getInt("run.actualCredits"), "10 + (10 - 4), once each, the other user's ignored");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRunPastItsDeadlineFailsWithTimeoutAndItsTaskIsCancelled() throws Exception {
        UUID run = Api.start("ida", "image.generate-or-edit", imageInputs(1));
        try (FakeGateway gateway = new FakeGateway(run)) {
            GenerationRequested image = gateway.requests(1).get(0);
            try (var c = io.clipizy.testing.PostgresResource.connect();
                 var ps = c.prepareStatement("UPDATE workflow_run SET deadline = now() - interval '1 second' WHERE id = ?")) {
                ps.setObject(1, run);
                assertEquals(1, ps.executeUpdate());
            }
            JsonPath failed = Api.awaitStatus("ida", run, "FAILED");
            assertEquals("timeout", failed.getString("run.error.code"));
            List<UUID> cancels = gateway.kafka().await(r -> JsonCodec.decode(r.value(), GenerationCommand.class) instanceof TaskCancelRequested c
                    && run.equals(c.runId()), 1, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), GenerationCommand.class).taskId()).toList();
            assertEquals(List.of(image.taskId()), cancels);
        }
    }

    @Test
    void deletingAProjectCancelsItsRuns() {
        UUID run = Api.start("yan", "image.generate-or-edit", imageInputs(1));
        UUID project = UUID.fromString(Api.run("yan", run).getString("run.projectId"));
        try (FakeGateway gateway = new FakeGateway(run); KafkaTestClient kafka = new KafkaTestClient()) {
            GenerationRequested image = gateway.requests(1).get(0);
            String deleted = JsonCodec.encode(io.clipizy.contracts.event.ProjectDeleted.of("yan", project));
            kafka.send(Topics.CHAT_EVENTS, project.toString(), deleted);
            kafka.send(Topics.CHAT_EVENTS, project.toString(), deleted);
            Api.awaitStatus("yan", run, "CANCELLED");
            List<UUID> cancels = gateway.kafka().await(r -> JsonCodec.decode(r.value(), GenerationCommand.class) instanceof TaskCancelRequested c
                    && run.equals(c.runId()), 1, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), GenerationCommand.class).taskId()).toList();
            assertEquals(List.of(image.taskId()), cancels);
        }
    }

    @Test
    void cancellingCancelsTheRunningTasksAndRunsBelongToTheirOwner() {
        UUID run = Api.start("vic", "image.generate-or-edit", imageInputs(2));
        try (FakeGateway gateway = new FakeGateway(run);
             KafkaTestClient commands = new KafkaTestClient(Topics.GENERATION_REQUESTS)) {
            List<GenerationRequested> images = gateway.requests(2);
            gateway.running(images.get(0));
            given().auth().oauth2(OidcResource.user("wes")).when().get("/api/runs/" + run).then().statusCode(404);
            given().auth().oauth2(OidcResource.user("wes")).when().post("/api/runs/" + run + "/cancel").then().statusCode(404);
            given().auth().oauth2(OidcResource.user("wes")).when().get("/api/runs").then().statusCode(200)
                    .body("items.id", not(hasItem(run.toString())));
            given().auth().oauth2(OidcResource.user("vic")).when().post("/api/runs/" + run + "/cancel").then()
                    .statusCode(200).body("run.status", equalTo("CANCELLED"));
            given().auth().oauth2(OidcResource.user("vic")).when().post("/api/runs/" + run + "/cancel").then().statusCode(409);
            List<UUID> cancelled = commands.await(r -> JsonCodec.decode(r.value(), GenerationCommand.class) instanceof TaskCancelRequested c
                    && run.equals(c.runId()), 2, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), GenerationCommand.class).taskId()).sorted().toList();
            assertEquals(images.stream().map(GenerationRequested::taskId).sorted().toList(), cancelled);
            gateway.media(images.get(0), MediaKind.IMAGE, "image/png");
            gateway.expectNoRequest(Duration.ofSeconds(2));
            assertEquals("CANCELLED", Api.run("vic", run).getString("run.status"), "a late result does not revive a cancelled run");
        }
    }
}
