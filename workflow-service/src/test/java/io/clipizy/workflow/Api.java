package io.clipizy.workflow;

import static io.restassured.RestAssured.given;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.testing.OidcResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Calls of the runs API as a test user, and waiting for a run to reach a state. */
final class Api {
    private Api() {
    }

    static UUID start(String user, String workflowId, Map<String, Object> inputs) {
        String id = given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON)
                .body(JsonCodec.encode(Map.of("workflowId", workflowId, "projectId", UUID.randomUUID(), "chatId", UUID.randomUUID(),
                        "inputs", inputs)))
                .when().post("/api/runs").then().statusCode(201).extract().path("run.id");
        return UUID.fromString(id);
    }

    static JsonPath run(String user, UUID id) {
        return given().auth().oauth2(OidcResource.user(user)).when().get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Polls until the run has {@code status}; fails with the run's state after 30 s. */
    static JsonPath awaitStatus(String user, UUID id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath run = run(user, id);
        while (!status.equals(run.getString("run.status")) && System.nanoTime() < deadline) {
            sleep();
            run = run(user, id);
        }
        if (!status.equals(run.getString("run.status"))) {
            throw new AssertionError("run " + id + " is " + run.getString("run.status") + ", expected " + status + ": " + run.prettify());
        }
        return run;
    }

    static void answer(String user, UUID id, String node, Map<String, Object> body) {
        given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON).body(JsonCodec.encode(body))
                .when().post("/api/runs/" + id + "/inputs/" + node).then().statusCode(200);
    }

    private static void sleep() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
