package io.clipizy.eventhub;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The replay API over real PostgreSQL and Kafka, with signed tokens. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_eventhub_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
class ReplayApiTest {

    @Test
    void replayAfterACursorReturnsOnlyTheLaterEventsPageByPage() throws Exception {
        String owner = "paula-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = 0; sequence < 5; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(running(owner, taskId, sequence)));
            }
        }
        Replays.await(token, "task:" + taskId, 5);

        JsonPath later = Replays.get(token, "task:" + taskId, 3).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(4, 5), later.getList("events.cursor"));
        assertEquals(List.of(3, 4), later.getList("events.payload.sequence"));
        assertEquals(5, later.getInt("nextCursor"));
        assertEquals(false, later.getBoolean("hasMore"));
        assertEquals(false, later.getBoolean("truncated"));

        given().auth().oauth2(token).queryParam("stream", "task:" + taskId).queryParam("after", 1).queryParam("limit", 2)
                .when().get("/api/events/replay").then()
                .statusCode(200)
                .body("stream", equalTo("task:" + taskId))
                .body("events.cursor", equalTo(List.of(2, 3)))
                .body("hasMore", equalTo(true))
                .body("nextCursor", equalTo(3));
        given().auth().oauth2(token).queryParam("stream", "task:" + taskId.toString().toUpperCase()).queryParam("after", 5)
                .when().get("/api/events/replay").then()
                .statusCode(200).body("events", empty()).body("nextCursor", equalTo(5)).body("hasMore", equalTo(false));
    }

    @Test
    void anotherUsersStreamIsA404IndistinguishableFromAnUnknownOne() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(running(alice, taskId, 0)));
        }
        Replays.await(OidcResource.user(alice), "task:" + taskId, 1);

        String mallory = OidcResource.user("mallory-" + UUID.randomUUID());
        String theirs = Replays.get(mallory, "task:" + taskId, 0).then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/not-found"))
                .extract().path("detail");
        String unknown = Replays.get(mallory, "task:" + UUID.randomUUID(), 0).then()
                .statusCode(404).contentType("application/problem+json")
                .extract().path("detail");
        assertEquals(unknown, theirs, "the answer does not tell that the stream exists");
        Replays.get(mallory, "user:" + alice, 0).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo(unknown));
    }

    @Test
    void theCallersOwnUserStreamExistsBeforeItsFirstEvent() {
        String owner = "fresh-" + UUID.randomUUID();
        Replays.get(OidcResource.user(owner), "user:" + owner, 0).then()
                .statusCode(200).body("events", empty()).body("nextCursor", equalTo(0)).body("truncated", equalTo(false));
    }

    @Test
    void badReplayParametersAreProblems400NamingTheField() {
        String token = OidcResource.user("quentin");
        for (String stream : List.of("task:not-a-uuid", "galaxy:" + UUID.randomUUID(), "task", ":x", "user:")) {
            given().auth().oauth2(token).queryParam("stream", stream).when().get("/api/events/replay").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("stream")));
        }
        given().auth().oauth2(token).when().get("/api/events/replay").then()
                .statusCode(400).body("errors.field", equalTo(List.of("stream")));
        given().auth().oauth2(token).queryParam("stream", "user:quentin").queryParam("after", -1).queryParam("limit", "lots")
                .when().get("/api/events/replay").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("after", "limit"));
        given().auth().oauth2(token).queryParam("stream", "user:quentin").queryParam("limit", 501)
                .when().get("/api/events/replay").then()
                .statusCode(400).body("errors.field", equalTo(List.of("limit")));
    }

    @Test
    void theReplayApiNeedsAUserToken() {
        given().queryParam("stream", "user:anyone").when().get("/api/events/replay").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.token("carol", "guest")).queryParam("stream", "user:carol")
                .when().get("/api/events/replay").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void healthChecksTheDatabaseAndKafkaForReal() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka"))
                .body(containsString("Live feed"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/events/replay"));
    }

    static TaskEvent running(String owner, UUID taskId, long sequence) {
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, TaskKind.VIDEO_GENERATION,
                "local", TaskStatus.RUNNING, Math.min(1.0, sequence / 10.0), "Rendering", sequence, List.of(), null, null);
    }
}
