package io.clipizy.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.infra.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With S3 unreachable: uploads answer 503 and leave nothing behind, and the service reports itself not ready. */
@QuarkusTest
@TestProfile(StorageDownTest.S3Unreachable.class)
class StorageDownTest {

    /** Points the S3 client at a port nobody listens on. */
    public static class S3Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.s3.endpoint-override", "http://127.0.0.1:" + Ports.free(),
                    "clipizy.media.storage.health-timeout", "1s");
        }
    }

    @Test
    void anUploadIsAProblem503AndLeavesNoRow() throws Exception {
        MediaApiTest.as("sam").multiPart("file", "a.png", MediaSamples.png(3, 3, false), "image/png")
                .when().post("/api/media").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/dependency-unavailable"));
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ?", "sam"));
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM outbox WHERE payload LIKE ?", "%\"ownerId\":\"sam\"%"));
    }

    @Test
    void readinessIsDownWhileS3IsUnreachable() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Media storage (S3)' }.status", equalTo("DOWN"))
                .body("checks.status", hasItem("UP"));
    }
}
