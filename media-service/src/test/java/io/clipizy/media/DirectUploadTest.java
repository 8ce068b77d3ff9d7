package io.clipizy.media;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Uploads sent straight to S3 through presigned URLs, presigned downloads and ranged downloads. */
@QuarkusTest
class DirectUploadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    S3Client s3;

    @Test
    void aPresignedPutIsVerifiedOnCompletionAndAnnounced() throws Exception {
        byte[] wav = MediaSamples.wav(8000, 1, 0.5);
        JsonPath ticket = begin("petra", Map.of("contentType", "audio/wav", "sizeBytes", wav.length,
                "fileName", "../../take 1.wav", "sha256", MediaSamples.sha256(wav)));
        String id = ticket.getString("asset.id");
        assertEquals("PENDING_UPLOAD", ticket.getString("asset.status"));
        assertEquals("take 1.wav", ticket.getString("asset.fileName"));
        assertEquals(List.of(), ticket.getList("parts"));

        assertEquals(200, put(ticket.getString("url"), "audio/wav", wav));
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            MediaApiTest.as("petra").when().post(ticket.getString("completeUrl")).then()
                    .statusCode(200)
                    .body("status", equalTo("READY"))
                    .body("sha256", equalTo(MediaSamples.sha256(wav)))
                    .body("durationSeconds", equalTo(0.5f))
                    .body("contentType", equalTo("audio/wav"));
            MediaStored stored = (MediaStored) MediaApiTest.onlyEvent(kafka, id);
            assertEquals(wav.length, stored.sizeBytes());
        }
        MediaApiTest.as("petra").when().post(ticket.getString("completeUrl")).then().statusCode(409);
        MediaApiTest.as("mallory").when().post(ticket.getString("completeUrl")).then().statusCode(404);
    }

    @Test
    void aLargeFileGoesUpInPresignedPartsAndIsAssembledOnCompletion() throws Exception {
        byte[] wav = MediaSamples.wav(44100, 2, 70); // about 12 MB: three parts of the 5 MiB test part size
        JsonPath ticket = begin("paolo", Map.of("contentType", "audio/wav", "sizeBytes", wav.length));
        List<Map<String, Object>> parts = ticket.getList("parts");
        assertEquals(3, parts.size());
        assertEquals(5 * 1024 * 1024, ticket.getInt("partSize"));
        int offset = 0;
        for (Map<String, Object> part : parts) {
            int size = ((Number) part.get("sizeBytes")).intValue();
            assertEquals(200, put((String) part.get("url"), null, Arrays.copyOfRange(wav, offset, offset + size)));
            offset += size;
        }
        assertEquals(wav.length, offset);
        MediaApiTest.as("paolo").when().post(ticket.getString("completeUrl")).then()
                .statusCode(200).body("status", equalTo("READY")).body("sha256", equalTo(MediaSamples.sha256(wav)));
        String id = ticket.getString("asset.id");
        assertEquals(wav.length, s3.headObject(b -> b.bucket("clipizy-media").key(MediaApiTest.key(id))).contentLength());
    }

    @Test
    void bytesThatAreNotWhatWasAnnouncedRejectTheUploadAndAreRemoved() throws Exception {
        byte[] zip = MediaSamples.zip();
        JsonPath fakePng = begin("rex", Map.of("contentType", "image/png", "sizeBytes", zip.length));
        MediaApiTest.as("rex").when().post(fakePng.getString("completeUrl")).then()
                .statusCode(409).contentType("application/problem+json");
        assertEquals("PENDING_UPLOAD", status(fakePng.getString("asset.id")), "completing too early changes nothing");
        assertEquals(200, put(fakePng.getString("url"), "image/png", zip));
        MediaApiTest.as("rex").when().post(fakePng.getString("completeUrl")).then()
                .statusCode(415).contentType("application/problem+json").body("errors.field", hasItem("file"));
        assertEquals("REJECTED", status(fakePng.getString("asset.id")));
        String key = MediaApiTest.key(fakePng.getString("asset.id"));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("clipizy-media").key(key)));

        byte[] png = MediaSamples.png(3, 3, false);
        JsonPath wrongHash = begin("rex", Map.of("contentType", "image/png", "sizeBytes", png.length,
                "sha256", MediaSamples.sha256(new byte[]{1})));
        assertEquals(200, put(wrongHash.getString("url"), "image/png", png));
        MediaApiTest.as("rex").when().post(wrongHash.getString("completeUrl")).then()
                .statusCode(422).body("errors.field", hasItem("sha256"));
        assertEquals("REJECTED", status(wrongHash.getString("asset.id")));

        byte[] wav = MediaSamples.wav(8000, 1, 0.1);
        JsonPath wrongType = begin("rex", Map.of("contentType", "image/png", "sizeBytes", wav.length));
        assertEquals(200, put(wrongType.getString("url"), "image/png", wav));
        MediaApiTest.as("rex").when().post(wrongType.getString("completeUrl")).then().statusCode(415);
        MediaApiTest.as("rex").when().get("/api/media").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void announcementsAreCheckedAgainstTheKindLimitAndTheQuota() {
        MediaApiTest.as("quincy").contentType("application/json").body("{}").when().post("/api/media/uploads").then()
                .statusCode(400).body("errors.field", hasItems("contentType", "sizeBytes"));
        MediaApiTest.as("quincy").contentType("application/json")
                .body(JsonCodec.encode(Map.of("contentType", "text/html", "sizeBytes", 10)))
                .when().post("/api/media/uploads").then()
                .statusCode(415).body("errors.field", hasItem("contentType"));
        MediaApiTest.as("quincy").contentType("application/json")
                .body(JsonCodec.encode(Map.of("contentType", "image/png", "sizeBytes", 10, "sha256", "xyz")))
                .when().post("/api/media/uploads").then()
                .statusCode(400).body("errors.field", hasItem("sha256"));
        MediaApiTest.as("quincy").contentType("application/json")
                .body(JsonCodec.encode(Map.of("contentType", "image/png", "sizeBytes", 100_000)))
                .when().post("/api/media/uploads").then()
                .statusCode(413).body("errors.field", hasItem("sizeBytes"));
        // the test quota is 100 MiB: one 60 MB video fits, a second does not
        begin("quincy", Map.of("contentType", "video/mp4", "sizeBytes", 60_000_000));
        MediaApiTest.as("quincy").contentType("application/json")
                .body(JsonCodec.encode(Map.of("contentType", "video/mp4", "sizeBytes", 60_000_000)))
                .when().post("/api/media/uploads").then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/payload-too-large"))
                .body("detail", org.hamcrest.Matchers.containsString("quota"));
        begin("quincy", Map.of("contentType", "video/mp4", "sizeBytes", 100 * 1024 * 1024 - 60_000_000 - 100));
        MediaApiTest.as("quincy").multiPart("file", "noise.png", MediaSamples.png(16, 16, true), "image/png")
                .when().post("/api/media").then()
                .statusCode(413).body("errors.field", hasItem("file"));
        MediaApiTest.as("quincy").multiPart("file", "dot.png", MediaSamples.png(1, 1, false), "image/png")
                .when().post("/api/media").then().statusCode(201);
    }

    @Test
    void aPresignedGetServesTheBytesToItsHolderAndOnlyTheOwnerGetsOne() throws Exception {
        byte[] png = MediaSamples.png(5, 4, false);
        String id = MediaApiTest.upload("gina", null, png);
        JsonPath url = MediaApiTest.as("gina").when().get("/api/media/" + id + "/url").then()
                .statusCode(200).extract().jsonPath();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(png, response.body());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        long ttl = java.time.Duration.between(java.time.Instant.now(),
                java.time.Instant.parse(url.getString("expiresAt"))).toMinutes();
        assertEquals(14, ttl, "valid for 15 minutes");
        MediaApiTest.as("mallory").when().get("/api/media/" + id + "/url").then().statusCode(404);
    }

    @Test
    void aRangeHeaderGetsPartialContent() {
        byte[] wav = MediaSamples.wav(8000, 1, 0.5);
        String id = MediaApiTest.upload("ravi", null, wav);
        String content = "/api/media/" + id + "/content";
        byte[] middle = MediaApiTest.as("ravi").header("Range", "bytes=10-19").when().get(content).then()
                .statusCode(206)
                .header("Content-Range", "bytes 10-19/" + wav.length)
                .header("Content-Length", "10")
                .header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(wav, 10, 20), middle);
        byte[] tail = MediaApiTest.as("ravi").header("Range", "bytes=-4").when().get(content).then()
                .statusCode(206).header("Content-Range", "bytes " + (wav.length - 4) + "-" + (wav.length - 1) + "/"
                        + wav.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(wav, wav.length - 4, wav.length), tail);
        MediaApiTest.as("ravi").header("Range", "bytes=" + wav.length + "-").when().get(content).then()
                .statusCode(416).contentType("application/problem+json")
                .header("Content-Range", "bytes */" + wav.length);
        MediaApiTest.as("ravi").header("Range", "lines=1-2").when().get(content).then()
                .statusCode(200).header("Content-Range", nullValue()).header("Content-Length", Integer.toString(wav.length));
        MediaApiTest.as("mallory").header("Range", "bytes=0-1").when().get(content).then().statusCode(404);
    }

    static JsonPath begin(String user, Map<String, Object> request) {
        return MediaApiTest.as(user).contentType("application/json").body(JsonCodec.encode(new HashMap<>(request)))
                .when().post("/api/media/uploads").then()
                .statusCode(201).extract().jsonPath();
    }

    /** Sends bytes to a presigned URL as a browser would; answers S3's status. */
    static int put(String url, String contentType, byte[] bytes) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            System.err.println("S3 answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode();
    }

    static String status(String id) {
        try (var c = io.clipizy.testing.PostgresResource.connect();
             var ps = c.prepareStatement("SELECT status FROM media_asset WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
