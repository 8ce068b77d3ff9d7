package io.clipizy.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The internal API where generation-gateway stores generated outputs, with service credentials. */
@QuarkusTest
class OutputApiTest {
    private static final String PATH = "/api/internal/media/outputs";

    @Test
    void anOutputIsStoredOnceHoweverOftenItIsSentAndAnnouncedWithItsTask() {
        UUID task = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        byte[] png = MediaSamples.png(12, 8, false);
        String metadata = JsonCodec.encode(new StoreOutputRequest(task, 0, "olivia", project, MediaKind.IMAGE, null,
                "frame 1.png"));
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            String id = gateway().multiPart("metadata", metadata, "application/json")
                    .multiPart("file", "out.png", png, "application/octet-stream")
                    .when().post(PATH).then()
                    .statusCode(201)
                    .body("ownerId", equalTo("olivia"))
                    .body("kind", equalTo("image"))
                    .body("contentType", equalTo("image/png"))
                    .body("sizeBytes", equalTo(png.length))
                    .body("sha256", equalTo(MediaSamples.sha256(png)))
                    .extract().path("assetId");
            gateway().multiPart("metadata", metadata, "application/json")
                    .multiPart("file", "out.png", png, "application/octet-stream")
                    .when().post(PATH).then()
                    .statusCode(200).body("assetId", equalTo(id));

            MediaStored stored = (MediaStored) MediaApiTest.onlyEvent(kafka, id);
            assertEquals(task, stored.taskId());
            assertEquals(MediaRole.GENERATED, stored.role());
            assertEquals(project, stored.projectId());
            assertEquals(0, kafka.collect(r -> r.key().equals(id), Duration.ofSeconds(2)).size(), "announced once");
        }
        MediaApiTest.as("olivia").when().get("/api/media/" + idOf(task)).then()
                .statusCode(200).body("role", equalTo("generated")).body("taskId", equalTo(task.toString()))
                .body("outputIndex", equalTo(0)).body("fileName", equalTo("frame 1.png"));
        assertTrue(count(task) == 1, "one row for the task output");
    }

    @Test
    void badMetadataMismatchedBytesAndUserTokensAreRefused() {
        byte[] png = MediaSamples.png(2, 2, false);
        gateway().multiPart("metadata", "{\"outputIndex\":0,\"ownerId\":\"o\",\"kind\":\"image\"}", "application/json")
                .multiPart("file", "a.png", png).when().post(PATH).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("taskId"));
        gateway().multiPart("file", "a.png", png).when().post(PATH).then()
                .statusCode(400).body("errors.field", hasItem("metadata"));
        String asVideo = JsonCodec.encode(new StoreOutputRequest(UUID.randomUUID(), 0, "o", null, MediaKind.VIDEO,
                MediaRole.FINAL, null));
        gateway().multiPart("metadata", asVideo, "application/json").multiPart("file", "a.png", png)
                .when().post(PATH).then().statusCode(415);
        given().auth().oauth2(OidcResource.user("olivia"))
                .multiPart("metadata", asVideo, "application/json").multiPart("file", "a.png", png)
                .when().post(PATH).then().statusCode(403).contentType("application/problem+json");
        given().multiPart("metadata", asVideo, "application/json").multiPart("file", "a.png", png)
                .when().post(PATH).then().statusCode(401);
    }

    private static RequestSpecification gateway() {
        return given().auth().oauth2(OidcResource.token("generation-gateway", "service"));
    }

    private static String idOf(UUID task) {
        try (var c = io.clipizy.testing.PostgresResource.connect();
             var ps = c.prepareStatement("SELECT id FROM media_asset WHERE task_id = ?")) {
            ps.setObject(1, task);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(UUID task) {
        try {
            return MediaApiTest.count("SELECT count(*) FROM media_asset WHERE task_id = ?", task);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
