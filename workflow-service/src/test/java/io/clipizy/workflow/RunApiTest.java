package io.clipizy.workflow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The runs API over real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_workflow_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
class RunApiTest {

    @Test
    void runsAreListedAndShownToTheirOwnerOnly() throws Exception {
        UUID project = UUID.randomUUID();
        UUID run = Fixtures.run("alice", project, null, "RUNNING");
        Fixtures.node(run, "analysis", "audio_analysis", "SUCCEEDED", UUID.randomUUID());
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/runs?projectId=" + project).then()
                .statusCode(200).body("items.id", hasItem(run.toString())).body("total", equalTo(1));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/runs/" + run).then()
                .statusCode(200).body("run.workflowId", equalTo("music-video.looped-static"))
                .body("run.inputs.scenes", equalTo(4)).body("nodes[0].nodeId", equalTo("analysis"));
        given().auth().oauth2(OidcResource.user("bob")).when().get("/api/runs/" + run).then().statusCode(404);
        given().auth().oauth2(OidcResource.user("bob")).when().get("/api/runs").then()
                .statusCode(200).body("items.id", not(hasItem(run.toString())));
        given().when().get("/api/runs").then().statusCode(401);
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/runs?status=DONE").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void cancellingARunCancelsItsRunningTasksAndAnnouncesIt() throws Exception {
        UUID chat = UUID.randomUUID();
        UUID run = Fixtures.run("carol", null, chat, "RUNNING");
        UUID runningTask = UUID.randomUUID();
        UUID doneTask = UUID.randomUUID();
        Fixtures.node(run, "analysis", "audio_analysis", "SUCCEEDED", doneTask);
        Fixtures.node(run, "frames", "image_generation", "RUNNING", runningTask);

        try (KafkaTestClient kafka = new KafkaTestClient(Topics.GENERATION_REQUESTS, Topics.WORKFLOW_EVENTS)) {
            given().auth().oauth2(OidcResource.user("dave")).when().post("/api/runs/" + run + "/cancel").then().statusCode(404);
            given().auth().oauth2(OidcResource.user("carol")).when().post("/api/runs/" + run + "/cancel").then()
                    .statusCode(200).body("run.status", equalTo("CANCELLED"));
            given().auth().oauth2(OidcResource.user("carol")).when().post("/api/runs/" + run + "/cancel").then()
                    .statusCode(409).body("type", equalTo("https://clipizy.io/problems/conflict"));

            List<ConsumerRecord<String, String>> seen = kafka.await(
                    r -> r.key().equals(run.toString()) || r.key().equals(runningTask.toString()) || r.key().equals(doneTask.toString()),
                    2, Duration.ofSeconds(20));
            seen = new java.util.ArrayList<>(seen);
            seen.addAll(kafka.collect(r -> r.key().equals(doneTask.toString()), Duration.ofSeconds(2)));
            assertEquals(2, seen.size(), "one cancel request and one RunCancelled, nothing for the finished task");
            ConsumerRecord<String, String> cancelRequest = seen.stream().filter(r -> r.topic().equals(Topics.GENERATION_REQUESTS)).findFirst().orElseThrow();
            assertEquals(runningTask, ((TaskCancelRequested) JsonCodec.decode(cancelRequest.value(), GenerationCommand.class)).taskId());
            ConsumerRecord<String, String> cancelled = seen.stream().filter(r -> r.topic().equals(Topics.WORKFLOW_EVENTS)).findFirst().orElseThrow();
            assertTrue(JsonCodec.decode(cancelled.value(), WorkflowEvent.class) instanceof RunCancelled);
            assertEquals(chat, JsonCodec.decode(cancelled.value(), WorkflowEvent.class).chatId());
        }
        assertEquals("CANCELLED", Fixtures.nodeStatus(runningTask));
        assertEquals("SUCCEEDED", Fixtures.nodeStatus(doneTask));
    }
}
