package io.clipizy.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.fakes.FakePeers;
import io.clipizy.testing.FfmpegResource;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The task API over real PostgreSQL and Kafka, with signed tokens. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_gateway_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FfmpegResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakePeers.class, scope = TestResourceScope.GLOBAL)
class TaskApiTest {

    @Test
    void anApiCallWithoutATokenIsAProblem401() {
        given().when().get("/api/tasks").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/unauthorized"));
    }

    @Test
    void aTokenWithoutTheUserRoleIsAProblem403() {
        given().auth().oauth2(OidcResource.token("carol", "guest")).when().get("/api/tasks").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/forbidden"));
    }

    @Test
    void aTaskCreatedOverTheApiIsQueuedAnnouncedAndVisibleToItsOwnerOnly() {
        FakePeers.billing().fund("alice", 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            String id = given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                    .body("{\"kind\":\"image_generation\",\"provider\":\"test-hold\",\"params\":{\"prompt\":\"a red fox\"}}")
                    .when().post("/api/tasks").then()
                    .statusCode(201)
                    .header("Location", containsString("/api/tasks/"))
                    .body("status", equalTo("QUEUED"))
                    .body("kind", equalTo("image_generation"))
                    .body("params.prompt", equalTo("a red fox"))
                    .extract().path("id");

            List<TaskEvent> events = TaskEvents.until(kafka, UUID.fromString(id), e -> "Holding".equals(e.message()),
                    Duration.ofSeconds(30));
            assertEquals(TaskStatus.QUEUED, events.get(0).status(), "announced QUEUED first");
            assertEquals("alice", events.get(0).ownerId());
            assertEquals(TaskStatus.RUNNING, TaskEvents.last(events).status(), "then picked up and running");

            given().auth().oauth2(OidcResource.user("alice")).when().get("/api/tasks/" + id).then()
                    .statusCode(200).body("id", equalTo(id)).body("status", equalTo("RUNNING"))
                    .body("provider", equalTo("test-hold"));
            given().auth().oauth2(OidcResource.user("alice")).when().get("/api/tasks?kind=image_generation").then()
                    .statusCode(200).body("items.id", hasItem(id));
            given().auth().oauth2(OidcResource.user("mallory")).when().get("/api/tasks/" + id).then()
                    .statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(OidcResource.user("mallory")).when().post("/api/tasks/" + id + "/cancel").then()
                    .statusCode(404);

            given().auth().oauth2(OidcResource.user("alice")).when().post("/api/tasks/" + id + "/cancel").then()
                    .statusCode(200).body("status", equalTo("CANCELLED"));
            given().auth().oauth2(OidcResource.user("alice")).when().post("/api/tasks/" + id + "/cancel").then()
                    .statusCode(409).body("type", equalTo("https://clipizy.io/problems/conflict"));
            TaskEvent cancelled = TaskEvents.last(TaskEvents.untilEnd(kafka, UUID.fromString(id), Duration.ofSeconds(20)));
            assertEquals(TaskStatus.CANCELLED, cancelled.status());
            assertEquals(TaskEvents.last(events).sequence() + 1, cancelled.sequence());
        }
    }

    @Test
    void badInputIsAProblem400NamingTheField() {
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body("{\"provider\":\"local\"}")
                .when().post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("kind"));
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body("{\"kind\":\"painting\"}")
                .when().post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("painting"));
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body("{\"kind\":")
                .when().post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/tasks?size=1000").then()
                .statusCode(400).body("errors.field", hasItem("size"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/tasks/not-a-uuid").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/malformed-request"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/tasks?page=abc").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON)
                .body("{\"kind\":\"image_generation\",\"params\":{},\"projectId\":42}")
                .when().post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("projectId"));
    }

    @Test
    void healthChecksTheDatabaseAndKafkaForReal() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("clipizy_outbox_relayed"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/tasks"));
    }

    /** Repeated tokens are answered from the verified-token cache: still per token, per user, and never past exp. */
    @Test
    void aRepeatedTokenStaysItsOwnersAndStopsWorkingWhenItExpires() throws InterruptedException {
        String shortLived = OidcResource.token("frank", Duration.ofSeconds(3), "user");
        String id = given().auth().oauth2(shortLived).contentType(ContentType.JSON)
                .body("{\"kind\":\"image_generation\",\"provider\":\"test-hold\",\"params\":{\"prompt\":\"x\"}}")
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(shortLived).when().get("/api/tasks/" + id).then().statusCode(200)
                    .body("id", equalTo(id));
            given().auth().oauth2(OidcResource.user("grace")).when().get("/api/tasks/" + id).then().statusCode(404);
        }
        // the same claims under a forged signature are not the cached token
        String forged = shortLived.substring(0, shortLived.lastIndexOf('.') + 1) + "AAAA";
        given().auth().oauth2(forged).when().get("/api/tasks/" + id).then().statusCode(401);
        // a role the cached identity lacks stays lacking
        given().auth().oauth2(OidcResource.token("frank", Duration.ofSeconds(3), "guest")).when()
                .get("/api/tasks/" + id).then().statusCode(403);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*clipizy_auth_token_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9].*"));

        Thread.sleep(4_000);
        given().auth().oauth2(shortLived).when().get("/api/tasks/" + id).then().statusCode(401)
                .contentType("application/problem+json");
    }
}
