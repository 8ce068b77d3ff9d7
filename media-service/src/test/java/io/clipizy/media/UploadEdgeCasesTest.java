package io.clipizy.media;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Hostile names, disguised archives and a burst of parallel uploads. */
@QuarkusTest
class UploadEdgeCasesTest {

    @Test
    void pathTraversalAndUnicodeNamesAreSanitisedAndNeverReachTheStorageKey() throws Exception {
        byte[] png = MediaSamples.png(3, 2, false);
        String traversal = MediaApiTest.as("nina").multiPart("file", "../../../etc/passwd.png", png, "image/png")
                .when().post("/api/media").then()
                .statusCode(201).body("fileName", equalTo("passwd.png")).extract().path("id");
        String key = MediaApiTest.key(traversal);
        assertEquals("users/nina/projects/none/image/" + traversal + ".png", key);

        String unicode = "Ünïcödé 日本語 \u202Egnp.exe";
        String id = uploadNamedInUtf8("nina", unicode, png);
        MediaApiTest.as("nina").when().get("/api/media/" + id).then()
                .statusCode(200).body("fileName", equalTo("Ünïcödé 日本語 _gnp.exe"));
        assertFalse(MediaApiTest.key(id).contains("gnp"), "the stored key never comes from the client's name");
        MediaApiTest.as("nina").when().get("/api/media/" + id + "/content").then()
                .statusCode(200)
                .header("Content-Disposition", containsString("filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20"));

        io.restassured.path.json.JsonPath ticket = DirectUploadTest.begin("nina", Map.of("contentType", "image/png", "sizeBytes", png.length,
                "fileName", "..\\..\\windows\\system32\\evil.png"));
        assertEquals("evil.png", ticket.getString("asset.fileName"));
    }

    /**
     * Sends the file name as browsers do, raw UTF-8 in the part's {@code filename} (REST Assured would turn every
     * non-ASCII character into '?'); answers the new asset's id.
     */
    private static String uploadNamedInUtf8(String user, String fileName, byte[] bytes) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                + io.restassured.RestAssured.port + "/api/media"))
                        .header("Authorization", "Bearer " + io.clipizy.testing.OidcResource.user(user))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return io.restassured.path.json.JsonPath.from(response.body()).getString("id");
    }

    @Test
    void aPngThatIsReallyAZipIsRefused() throws Exception {
        MediaApiTest.as("zed").multiPart("file", "holiday.png", MediaSamples.zip(), "image/png")
                .when().post("/api/media").then()
                .statusCode(415).contentType("application/problem+json")
                .body("errors.field", hasItem("file"));
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ?", "zed"));
    }

    @Test
    void fiftyParallelUploadsAllCompleteWithTheirOwnHashes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<byte[]> files = new ArrayList<>();
            List<Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] png = MediaSamples.png(4 + i, 3 + i % 7, false);
                files.add(png);
                uploads.add(pool.submit(() -> MediaApiTest.as("parallel").multiPart("file", "p.png", png, "image/png")
                        .when().post("/api/media").then().statusCode(201).extract().path("sha256")));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(MediaSamples.sha256(files.get(i)), uploads.get(i).get(), "upload " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, MediaApiTest.count("SELECT count(DISTINCT sha256) FROM media_asset WHERE owner_id = ? "
                + "AND status = 'READY' AND source_id IS NULL", "parallel"));
        assertTrue(MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ? AND status <> 'READY'",
                "parallel") == 0);
        MediaApiTest.as("parallel").when().get("/api/gallery/images?size=100").then()
                .statusCode(200).body("total", equalTo(50));
    }

    @Test
    void anotherUsersAssetIsNotFoundEverywhere() {
        String id = MediaApiTest.upload("owen", UUID.randomUUID(), MediaSamples.png(2, 2, false));
        for (String path : List.of("", "/content", "/url", "/derivatives")) {
            MediaApiTest.as("mallory").when().get("/api/media/" + id + path).then()
                    .statusCode(404).contentType("application/problem+json");
        }
        MediaApiTest.as("mallory").when().post("/api/media/uploads/" + id + "/complete").then().statusCode(404);
        MediaApiTest.as("mallory").when().delete("/api/media/" + id).then().statusCode(404);
        MediaApiTest.as("owen").when().get("/api/media/" + id + "/url").then().statusCode(200);
    }
}
