package io.clipizy.media;

import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.s3.S3Client;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** FFprobe facts measured at upload, truncated media refused, and thumbnails and waveforms made once READY. */
@QuarkusTest
class MediaFactsAndDerivativesTest {
    @Inject
    S3Client s3;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void aVideoIsMeasuredByFfprobeAndGetsAThumbnailThatIsNotListed() throws Exception {
        byte[] mp4 = FfmpegSamples.mp4(160, 90, 2);
        UUID project = UUID.randomUUID();
        String id = MediaApiTest.as("vera").multiPart("file", "clip.mp4", mp4, "video/mp4")
                .multiPart("projectId", project.toString())
                .when().post("/api/media").then()
                .statusCode(201)
                .body("kind", equalTo("video"))
                .body("width", equalTo(160))
                .body("height", equalTo(90))
                .body("fps", equalTo(25.0f))
                .body("videoCodec", equalTo("h264"))
                .body("audioCodec", equalTo("aac"))
                .body("sampleRate", equalTo(44100))
                .body("durationSeconds", both(greaterThan(1.9f)).and(lessThan(2.1f)))
                .extract().path("id");

        JsonPath thumbnail = awaitDerivative("vera", id);
        assertEquals("thumbnail", thumbnail.getString("role"));
        assertEquals("image/png", thumbnail.getString("asset.contentType"));
        assertEquals(160, thumbnail.getInt("asset.width"), "a small picture is not enlarged");
        assertEquals(90, thumbnail.getInt("asset.height"));
        byte[] png = MediaApiTest.as("vera").when().get(thumbnail.getString("asset.contentUrl")).then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4));
        MediaApiTest.as("vera").when().get("/api/media?projectId=" + project).then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));
        MediaApiTest.as("mallory").when().get("/api/media/" + id + "/derivatives").then().statusCode(404);

        MediaApiTest.as("vera").when().delete("/api/media/" + id).then().statusCode(204);
        MediaApiTest.as("vera").when().get("/api/media/" + thumbnail.getString("asset.id")).then().statusCode(404);
    }

    @Test
    void anMp3IsMeasuredAndGetsAWaveform() throws Exception {
        byte[] mp3 = FfmpegSamples.mp3(2);
        String id = MediaApiTest.as("wes").multiPart("file", "tone.mp3", mp3, "audio/mpeg")
                .when().post("/api/media").then()
                .statusCode(201)
                .body("contentType", equalTo("audio/mpeg"))
                .body("audioCodec", equalTo("mp3"))
                .body("sampleRate", equalTo(22050))
                .body("durationSeconds", both(greaterThan(1.9f)).and(lessThan(2.1f)))
                .body("videoCodec", equalTo(null))
                .extract().path("id");
        JsonPath waveform = awaitDerivative("wes", id);
        assertEquals("waveform", waveform.getString("role"));
        assertEquals(800, waveform.getInt("asset.width"));
        assertEquals(200, waveform.getInt("asset.height"));
    }

    @Test
    void anImageGetsAThumbnailNoLargerThan320() throws Exception {
        String id = MediaApiTest.upload("ines", null, MediaSamples.png(64, 48, false));
        JsonPath thumbnail = awaitDerivative("ines", id);
        assertEquals(64, thumbnail.getInt("asset.width"));
        assertEquals(48, thumbnail.getInt("asset.height"));
    }

    @Test
    void aTruncatedMp3IsRefusedAndLeavesNoRow() throws Exception {
        byte[] mp3 = FfmpegSamples.mp3(2);
        for (int length : new int[]{mp3.length / 2, 300}) {
            MediaApiTest.as("tara").multiPart("file", "cut.mp3", Arrays.copyOf(mp3, length), "audio/mpeg")
                    .when().post("/api/media").then()
                    .statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo("https://clipizy.io/problems/unprocessable"))
                    .body("errors.field", hasItem("file"));
        }
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ?", "tara"));
    }

    @Test
    void aDerivationThatKeepsFailingIsRetriedThenLeftFailedWithItsReason() throws Exception {
        String id = MediaApiTest.upload("fay", null, MediaSamples.png(6, 6, false));
        awaitDerivative("fay", id);
        // plan it again while its source's bytes are gone: every attempt fails to fetch them
        try (java.sql.Connection c = io.clipizy.testing.PostgresResource.connect();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE derivation SET status = 'PENDING', attempts = 0, "
                     + "derived_id = NULL, updated_at = now() WHERE source_id = ?")) {
            s3.deleteObject(b -> b.bucket("clipizy-media").key(MediaApiTest.key(id)));
            ps.setObject(1, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath derivative;
        do {
            Thread.sleep(200);
            derivative = MediaApiTest.as("fay").when().get("/api/media/" + id + "/derivatives").then()
                    .statusCode(200).extract().jsonPath().setRootPath("[0]");
        } while (!"FAILED".equals(derivative.getString("status")) && System.nanoTime() < deadline);
        assertEquals("FAILED", derivative.getString("status"));
        assertEquals(3, derivative.getInt("attempts"), "tried clipizy.media.derive.attempts times");
        assertTrue(derivative.getString("error").contains("no object under"), derivative.getString("error"));
        assertNull(derivative.get("asset"));
    }

    /** Waits until the asset's one derivative is made, and answers it. */
    private static JsonPath awaitDerivative(String user, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath derivative;
        do {
            derivative = MediaApiTest.as(user).when().get("/api/media/" + id + "/derivatives").then()
                    .statusCode(200).body("size()", equalTo(1)).extract().jsonPath().setRootPath("[0]");
            if (!"PENDING".equals(derivative.getString("status")) && !"RUNNING".equals(derivative.getString("status"))) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals("DONE", derivative.getString("status"), "the derivative was made: " + derivative.prettify());
        assertEquals(1, derivative.getInt("attempts"));
        return derivative;
    }
}
