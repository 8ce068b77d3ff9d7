package io.clipizy.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-user token buckets on task creation and the jobs API, turned on with small buckets for this class. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBuckets.class)
class RateLimitTest {
    /** Three requests at once per group, then one every 20 s: the fourth quick request is refused. */
    public static class SmallBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clipizy.rate-limit.enabled", "true",
                    "clipizy.rate-limit.tasks.burst", "3",
                    "clipizy.rate-limit.tasks.rate-per-second", "0.05",
                    "clipizy.rate-limit.jobs.burst", "2",
                    "clipizy.rate-limit.jobs.rate-per-second", "0.05");
        }
    }

    private static final String TASK = "{\"kind\":\"image_generation\",\"params\":{\"prompt\":\"a kite\"}}";

    @Test
    void taskCreationBeyondTheBurstIsA429WithRetryAfterAndOtherUsersAreUnaffected() {
        String rita = OidcResource.user("rita");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(rita).contentType(ContentType.JSON).body(TASK)
                    .when().post("/api/tasks").then().statusCode(201);
        }
        String retryAfter = given().auth().oauth2(rita).contentType(ContentType.JSON).body(TASK)
                .when().post("/api/tasks").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/rate-limited"))
                .body("status", equalTo(429))
                .body("detail", containsString("task submissions"))
                .body("instance", equalTo("/api/tasks"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 20, "Retry-After is the wait for the next token: " + seconds);

        // reading is not limited, and another user has a bucket of their own
        given().auth().oauth2(rita).when().get("/api/tasks").then().statusCode(200);
        given().auth().oauth2(OidcResource.user("sam")).contentType(ContentType.JSON).body(TASK)
                .when().post("/api/tasks").then().statusCode(201);
        // a request without a token is answered by security, not counted
        given().contentType(ContentType.JSON).body(TASK).when().post("/api/tasks").then().statusCode(401);
    }

    @Test
    void theJobsApiHasItsOwnBucketAcrossItsCostlyEndpoints() {
        String uma = OidcResource.user("uma");
        given().auth().oauth2(uma).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a red balloon\",\"width\":320,\"height\":180}")
                .when().post("/api/v1/videos/jobs").then().statusCode(201);
        given().auth().oauth2(uma).contentType(ContentType.JSON).body("{\"prompt\":\"a red balloon\"}")
                .when().post("/api/v1/images/generate").then().statusCode(201);
        given().auth().oauth2(uma).contentType(ContentType.JSON).body("{\"prompt\":\"a red balloon\"}")
                .when().post("/api/v1/videos/prompt/enhance").then()
                .statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json")
                .body("detail", containsString("job requests"));
        given().auth().oauth2(uma).contentType(ContentType.JSON).body("{\"video\":\"" + java.util.UUID.randomUUID() + "\"}")
                .when().post("/api/v1/videos/analyze").then().statusCode(429);
        // the task bucket is separate, and free endpoints are never limited
        given().auth().oauth2(uma).contentType(ContentType.JSON).body(TASK)
                .when().post("/api/tasks").then().statusCode(201);
        given().auth().oauth2(uma).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a red balloon\",\"gen_id\":\"g1\",\"extension\":\"mp4\"}")
                .when().post("/api/v1/videos/filename/generate").then().statusCode(200);
        given().auth().oauth2(OidcResource.user("vic")).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a red balloon\"}")
                .when().post("/api/v1/images/generate").then().statusCode(201);
    }
}
