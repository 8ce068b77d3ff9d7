package io.clipizy.media;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.media.service.OrphanSweeper;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The gallery, the removal of deleted media's bytes, and the sweeper that reconciles S3 with the database. */
@QuarkusTest
class GalleryAndCleanupTest {
    private static final String BUCKET = "clipizy-media";

    @Inject
    S3Client s3;

    @Inject
    OrphanSweeper sweeper;

    @Test
    void theGalleryIsPagedFilteredByKindProjectAndRoleSortedAndOwnerOnly() throws Exception {
        UUID project = UUID.randomUUID();
        String small = upload("gail", project, "upload", MediaSamples.png(2, 2, false));
        String large = upload("gail", project, "upload", MediaSamples.png(40, 30, true));
        String song = upload("gail", project, "reference", MediaSamples.wav(8000, 1, 0.3));
        String clip = upload("gail", project, "upload", FfmpegSamples.mp4(64, 36, 1));
        upload("gail", null, "upload", MediaSamples.png(3, 3, false));

        MediaApiTest.as("gail").when().get("/api/gallery?projectId=" + project + "&size=3").then()
                .statusCode(200).body("total", equalTo(4)).body("items.size()", equalTo(3))
                .body("items[0].media.id", equalTo(clip)).body("items[2].media.id", equalTo(large));
        MediaApiTest.as("gail").when().get("/api/gallery?projectId=" + project + "&size=3&page=1").then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].media.id", equalTo(small));
        MediaApiTest.as("gail").when().get("/api/gallery/images?projectId=" + project + "&sort=largest").then()
                .statusCode(200).body("total", equalTo(2))
                .body("items[0].media.id", equalTo(large)).body("items[1].media.id", equalTo(small));
        MediaApiTest.as("gail").when().get("/api/gallery/images?projectId=" + project + "&sort=oldest").then()
                .statusCode(200).body("items[0].media.id", equalTo(small));
        MediaApiTest.as("gail").when().get("/api/gallery/audio?projectId=" + project).then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].media.id", equalTo(song));
        MediaApiTest.as("gail").when().get("/api/gallery/videos?projectId=" + project).then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].media.id", equalTo(clip));
        MediaApiTest.as("gail").when().get("/api/gallery?projectId=" + project + "&role=reference").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].media.id", equalTo(song));
        MediaApiTest.as("gail").when().get("/api/gallery").then().statusCode(200).body("total", equalTo(5));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath videos;
        do {
            videos = MediaApiTest.as("gail").when().get("/api/gallery/videos?projectId=" + project).then()
                    .statusCode(200).extract().jsonPath();
            Thread.sleep(200);
        } while (videos.getString("items[0].previewUrl") == null && System.nanoTime() < deadline);
        MediaApiTest.as("gail").when().get(videos.getString("items[0].previewUrl")).then()
                .statusCode(200).contentType("image/png");

        MediaApiTest.as("mallory").when().get("/api/gallery?projectId=" + project).then()
                .statusCode(200).body("total", equalTo(0));
        MediaApiTest.as("mallory").when().get("/api/gallery/images").then().statusCode(200).body("total", equalTo(0));
        MediaApiTest.as("gail").when().get("/api/gallery?sort=random").then()
                .statusCode(400).body("errors.field", hasItem("sort"));
        MediaApiTest.as("gail").when().get("/api/gallery?role=thumbnail").then()
                .statusCode(400).body("errors.field", hasItem("role"));
        MediaApiTest.as("gail").when().get("/api/gallery/images?size=0").then()
                .statusCode(400).body("errors.field", hasItem("size"));
    }

    @Test
    void deletedMediaLosesItsBytesByTheBackgroundJob() throws Exception {
        String id = MediaApiTest.upload("della", null, MediaSamples.png(3, 3, false));
        String key = MediaApiTest.key(id);
        MediaApiTest.as("della").when().delete("/api/media/" + id).then().statusCode(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (MediaApiTest.count("SELECT count(*) FROM media_asset WHERE id = ? AND objects_removed_at IS NOT NULL",
                UUID.fromString(id)) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE id = ? AND objects_removed_at IS NOT NULL",
                UUID.fromString(id)), "the removal is recorded");
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key(key)));
    }

    @Test
    void theSweeperRemovesOrphanObjectsDeletesLostAssetsAndExpiresAbandonedUploads() throws Exception {
        String lost = MediaApiTest.upload("sweeney", null, MediaSamples.png(4, 4, false));
        awaitDerivativesSettled("sweeney", lost);
        s3.deleteObject(b -> b.bucket(BUCKET).key(MediaApiTest.key(lost)));
        String orphan = "users/sweeney/projects/none/image/" + UUID.randomUUID() + ".png";
        s3.putObject(b -> b.bucket(BUCKET).key(orphan), RequestBody.fromBytes(MediaSamples.png(2, 2, false)));
        JsonPath abandoned = DirectUploadTest.begin("sweeney", Map.of("contentType", "image/png", "sizeBytes", 100));
        String abandonedId = abandoned.getString("asset.id");
        try (Connection c = PostgresResource.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE direct_upload SET expires_at = now() - interval '1 minute' "
                     + "WHERE asset_id = ?")) {
            ps.setObject(1, UUID.fromString(abandonedId));
            ps.executeUpdate();
        }

        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            OrphanSweeper.Report report = sweeper.sweep("users/sweeney/", Instant.now().plusSeconds(1))
                    .await().atMost(Duration.ofSeconds(30));
            assertEquals(new OrphanSweeper.Report(1, 1, 1), report);
            assertEquals(1, kafka.await(r -> r.key().equals(lost) && JsonCodec.decode(r.value(),
                    io.clipizy.contracts.event.MediaEvent.class) instanceof MediaDeleted, 1, Duration.ofSeconds(20)).size(),
                    "the lost asset is announced deleted");
        }
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key(orphan)));
        MediaApiTest.as("sweeney").when().get("/api/media/" + lost).then().statusCode(404);
        assertEquals("REJECTED", DirectUploadTest.status(abandonedId));
        MediaApiTest.as("sweeney").when().post(abandoned.getString("completeUrl")).then().statusCode(409);
        assertEquals(new OrphanSweeper.Report(0, 0, 0), sweeper.sweep("users/sweeney/", Instant.now().plusSeconds(1))
                .await().atMost(Duration.ofSeconds(30)), "a second sweep finds nothing left to do");
    }

    private static String upload(String user, UUID project, String role, byte[] bytes) {
        var request = MediaApiTest.as(user).multiPart("file", "sample", bytes).multiPart("role", role);
        if (project != null) {
            request = request.multiPart("projectId", project.toString());
        }
        return request.when().post("/api/media").then().statusCode(201).extract().path("id");
    }

    private static void awaitDerivativesSettled(String user, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> states = MediaApiTest.as(user).when().get("/api/media/" + id + "/derivatives").then()
                    .statusCode(200).extract().jsonPath().getList("status");
            if (!states.isEmpty() && states.stream().allMatch(s -> s.equals("DONE") || s.equals("FAILED"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the derivatives of " + id + " did not settle");
    }
}
