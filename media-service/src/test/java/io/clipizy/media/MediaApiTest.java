package io.clipizy.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.testing.FfmpegResource;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.clipizy.testing.S3Resource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The media API over real PostgreSQL, Kafka and S3, with signed tokens. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_media_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = S3Resource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FfmpegResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PublicS3Endpoint.class, scope = TestResourceScope.GLOBAL)
class MediaApiTest {
    @Inject
    S3Client s3;

    @Test
    void anUploadedPngIsSniffedHashedStoredAnnouncedAndDownloadableByItsOwnerOnly() {
        byte[] png = MediaSamples.png(8, 6, false);
        UUID project = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            ExtractableResponse<Response> created = as("alice")
                    .multiPart("file", "../cover art.png", png, "image/png")
                    .multiPart("projectId", project.toString())
                    .when().post("/api/media").then()
                    .statusCode(201)
                    .header("Location", containsString("/api/media/"))
                    .body("kind", equalTo("image"))
                    .body("role", equalTo("upload"))
                    .body("status", equalTo("READY"))
                    .body("contentType", equalTo("image/png"))
                    .body("sizeBytes", equalTo(png.length))
                    .body("sha256", equalTo(MediaSamples.sha256(png)))
                    .body("fileName", equalTo("cover art.png"))
                    .body("width", equalTo(8))
                    .body("height", equalTo(6))
                    .body("projectId", equalTo(project.toString()))
                    .extract();
            String id = created.path("id");

            MediaStored stored = (MediaStored) onlyEvent(kafka, id);
            assertEquals("alice", stored.ownerId());
            assertEquals(MediaKind.IMAGE, stored.kind());
            assertEquals(MediaRole.UPLOAD, stored.role());
            assertEquals(MediaSamples.sha256(png), stored.sha256());
            assertEquals(project, stored.projectId());

            byte[] downloaded = as("alice").when().get("/api/media/" + id + "/content").then()
                    .statusCode(200)
                    .contentType("image/png")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", containsString("cover%20art.png"))
                    .extract().asByteArray();
            assertArrayEquals(png, downloaded);
            as("alice").when().get("/api/media/" + id).then().statusCode(200).body("sha256", equalTo(stored.sha256()));

            as("mallory").when().get("/api/media/" + id).then().statusCode(404).contentType("application/problem+json");
            as("mallory").when().get("/api/media/" + id + "/content").then().statusCode(404)
                    .contentType("application/problem+json");
            as("mallory").when().delete("/api/media/" + id).then().statusCode(404);
            as("alice").when().get("/api/media/" + id).then().statusCode(200);
        }
    }

    @Test
    void aWavSentAsOctetStreamIsStoredAsAudioWithItsDuration() {
        byte[] wav = MediaSamples.wav(8000, 1, 1.0);
        String id = as("wendy").multiPart("file", "tone.wav", wav, "application/octet-stream")
                .multiPart("role", "reference")
                .when().post("/api/media").then()
                .statusCode(201)
                .body("kind", equalTo("audio"))
                .body("role", equalTo("reference"))
                .body("contentType", equalTo("audio/wav"))
                .body("durationSeconds", equalTo(1.0f))
                .body("sha256", equalTo(MediaSamples.sha256(wav)))
                .extract().path("id");
        assertArrayEquals(wav, as("wendy").when().get("/api/media/" + id + "/content").then()
                .statusCode(200).contentType("audio/wav").extract().asByteArray());
    }

    @Test
    void aFileLargerThanOnePartIsStoredInPartsAndComesBackIdentical() throws Exception {
        byte[] wav = MediaSamples.wav(44100, 2, 70); // about 12 MB: three parts of the 5 MiB test part size
        String id = as("walter").multiPart("file", "long.wav", wav, "audio/wav")
                .when().post("/api/media").then()
                .statusCode(201)
                .body("sizeBytes", equalTo(wav.length))
                .body("sha256", equalTo(MediaSamples.sha256(wav)))
                .extract().path("id");
        byte[] downloaded = as("walter").when().get("/api/media/" + id + "/content").then()
                .statusCode(200).header("Content-Length", Integer.toString(wav.length)).extract().asByteArray();
        assertEquals(MediaSamples.sha256(wav), MediaSamples.sha256(downloaded));
        assertEquals(wav.length, s3.headObject(b -> b.bucket("clipizy-media").key(key(id))).contentLength());
    }

    @Test
    void listingIsPagedFilteredAndOwnerOnly() {
        UUID project = UUID.randomUUID();
        String first = upload("lena", project, MediaSamples.png(4, 4, false));
        String second = upload("lena", project, MediaSamples.png(5, 5, false));
        String audio = upload("lena", project, MediaSamples.wav(8000, 1, 0.25));
        upload("lena", null, MediaSamples.png(6, 6, false));

        as("lena").when().get("/api/media?projectId=" + project + "&size=2").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("items[0].id", equalTo(audio))
                .body("items[1].id", equalTo(second));
        as("lena").when().get("/api/media?projectId=" + project + "&size=2&page=1").then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].id", equalTo(first));
        as("lena").when().get("/api/media?projectId=" + project + "&kind=audio").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(audio))
                .body("items[0].contentUrl", equalTo("/api/media/" + audio + "/content"));
        as("lena").when().get("/api/media").then().statusCode(200).body("total", equalTo(4));
        as("mallory").when().get("/api/media?projectId=" + project).then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void deletingAnnouncesItHidesTheAssetAndRemovesItsBytes() throws InterruptedException {
        String id = upload("dan", null, MediaSamples.png(3, 3, false));
        String key = key(id);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            assertEquals(MediaStored.TYPE, onlyEvent(kafka, id).type());
            as("dan").when().delete("/api/media/" + id).then().statusCode(204);
            MediaDeleted deleted = (MediaDeleted) onlyEvent(kafka, id);
            assertEquals("dan", deleted.ownerId());
        }
        as("dan").when().get("/api/media/" + id).then().statusCode(404);
        as("dan").when().get("/api/media/" + id + "/content").then().statusCode(404);
        as("dan").when().delete("/api/media/" + id).then().statusCode(404);
        as("dan").when().get("/api/media").then().statusCode(200).body("total", equalTo(0));
        // the bytes go by the background removal job, after the soft delete
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && exists(key)) {
            Thread.sleep(100);
        }
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("clipizy-media").key(key)));
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket("clipizy-media").key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void emptyUnknownMismatchedAndOversizedUploadsAreRefusedAndLeaveNoRow() throws Exception {
        as("olga").multiPart("file", "empty.png", new byte[0], "image/png").when().post("/api/media").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("file"));
        as("olga").multiPart("file", "photo.png", "just some text, not a picture".getBytes(StandardCharsets.UTF_8),
                        "image/png").when().post("/api/media").then()
                .statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/unsupported-media-type"))
                .body("errors.field", hasItem("file"));
        as("olga").multiPart("file", "tone.png", MediaSamples.wav(8000, 1, 0.1), "image/png").when().post("/api/media").then()
                .statusCode(415).body("detail", containsString("audio/wav"));
        byte[] big = MediaSamples.png(128, 128, true);
        as("olga").multiPart("file", "noise.png", big, "image/png").when().post("/api/media").then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/payload-too-large"))
                .body("errors.field", hasItem("file"));
        assertEquals(0, count("SELECT count(*) FROM media_asset WHERE owner_id = ?", "olga"));
    }

    @Test
    void badFormFieldsAreProblems400NamingTheField() {
        byte[] png = MediaSamples.png(2, 2, false);
        as("olga").multiPart("file", "a.png", png).multiPart("role", "final").when().post("/api/media").then()
                .statusCode(400).body("errors.field", hasItem("role"));
        as("olga").multiPart("file", "a.png", png).multiPart("projectId", "nope").when().post("/api/media").then()
                .statusCode(400).body("errors.field", hasItem("projectId"));
        as("olga").multiPart("projectId", UUID.randomUUID().toString()).when().post("/api/media").then()
                .statusCode(400).body("errors.field", hasItem("file"));
        as("olga").when().get("/api/media?kind=painting").then()
                .statusCode(400).body("errors.field", hasItem("kind"));
        as("olga").when().get("/api/media?size=500").then()
                .statusCode(400).body("errors.field", hasItem("size"));
    }

    @Test
    void anApiCallWithoutATokenIsAProblem401() {
        given().when().get("/api/media").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void readinessTalksToS3TheDatabaseAndKafka() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Media storage (S3)"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/media"));
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(OidcResource.user(user));
    }

    /** Uploads a file for {@code user} and answers the new asset's id. */
    static String upload(String user, UUID project, byte[] bytes) {
        RequestSpecification request = as(user).multiPart("file", "sample", bytes);
        if (project != null) {
            request = request.multiPart("projectId", project.toString());
        }
        return request.when().post("/api/media").then().statusCode(201).extract().path("id");
    }

    /** Waits for the next media event of the asset and checks no other one follows at once. */
    static MediaEvent onlyEvent(KafkaTestClient kafka, String assetId) {
        List<ConsumerRecord<String, String>> records = kafka.await(r -> r.key().equals(assetId), 1, Duration.ofSeconds(20));
        assertEquals(1, records.size(), "a media event for " + assetId);
        return JsonCodec.decode(records.get(0).value(), MediaEvent.class);
    }

    static String key(String assetId) {
        try (Connection c = PostgresResource.connect();
             PreparedStatement ps = c.prepareStatement("SELECT s3_key FROM media_asset WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(assetId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String sql, Object... args) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
