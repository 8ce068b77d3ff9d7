package io.clipizy.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The internal read API generation-gateway fetches task inputs through, with service credentials. */
@QuarkusTest
class InternalMediaApiTest {
    private static final String PATH = "/api/internal/media/";

    @Test
    void theGatewayReadsAnOwnersMediaAndItsBytes() {
        byte[] wav = MediaSamples.wav(8000, 1, 0.5);
        UUID project = UUID.randomUUID();
        String id = MediaApiTest.as("ines").multiPart("file", "voice over.wav", wav, "audio/wav")
                .multiPart("projectId", project.toString())
                .when().post("/api/media").then().statusCode(201).extract().path("id");

        gateway().queryParam("ownerId", "ines").when().get(PATH + id).then()
                .statusCode(200)
                .body("assetId", equalTo(id))
                .body("ownerId", equalTo("ines"))
                .body("projectId", equalTo(project.toString()))
                .body("kind", equalTo("audio"))
                .body("role", equalTo("upload"))
                .body("contentType", equalTo("audio/wav"))
                .body("sizeBytes", equalTo(wav.length))
                .body("sha256", equalTo(MediaSamples.sha256(wav)))
                .body("status", equalTo("READY"))
                .body("durationSec", equalTo(0.5f))
                .body("width", nullValue())
                .body("fileName", equalTo("voice over.wav"));

        byte[] bytes = gateway().queryParam("ownerId", "ines").when().get(PATH + id + "/content").then()
                .statusCode(200)
                .contentType("audio/wav")
                .header("Content-Length", Integer.toString(wav.length))
                .header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(wav, bytes);

        byte[] range = gateway().queryParam("ownerId", "ines").header("Range", "bytes=100-1099")
                .when().get(PATH + id + "/content").then()
                .statusCode(206)
                .header("Content-Range", "bytes 100-1099/" + wav.length)
                .header("Content-Length", "1000")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(wav, 100, 1100), range);
        gateway().queryParam("ownerId", "ines").header("Range", "bytes=" + wav.length + "-")
                .when().get(PATH + id + "/content").then()
                .statusCode(416).contentType("application/problem+json");
    }

    @Test
    void anotherOwnersUnknownOrDeletedMediaIsNotFound() {
        String id = MediaApiTest.upload("ike", null, MediaSamples.png(3, 3, false));
        for (String suffix : new String[]{"", "/content"}) {
            gateway().queryParam("ownerId", "mallory").when().get(PATH + id + suffix).then()
                    .statusCode(404).contentType("application/problem+json");
            gateway().queryParam("ownerId", "ike").when().get(PATH + UUID.randomUUID() + suffix).then()
                    .statusCode(404).contentType("application/problem+json");
        }
        MediaApiTest.as("ike").when().delete("/api/media/" + id).then().statusCode(204);
        gateway().queryParam("ownerId", "ike").when().get(PATH + id).then().statusCode(404);
        gateway().queryParam("ownerId", "ike").when().get(PATH + id + "/content").then().statusCode(404);
    }

    @Test
    void mediaNotReadyYetIsAConflict() {
        JsonPath ticket = DirectUploadTest.begin("iris", Map.of("contentType", "image/png", "sizeBytes", 100));
        String id = ticket.getString("asset.id");
        gateway().queryParam("ownerId", "iris").when().get(PATH + id).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("The media is PENDING_UPLOAD, not READY"));
        gateway().queryParam("ownerId", "iris").when().get(PATH + id + "/content").then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aMissingOwnerIsAProblem400AndOnlyServicesMayRead() {
        String id = MediaApiTest.upload("ivan", null, MediaSamples.png(2, 2, false));
        gateway().when().get(PATH + id).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("ownerId"));
        gateway().queryParam("ownerId", " ").when().get(PATH + id + "/content").then()
                .statusCode(400).body("errors.field", hasItem("ownerId"));
        given().auth().oauth2(OidcResource.user("ivan")).queryParam("ownerId", "ivan").when().get(PATH + id).then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("ivan")).queryParam("ownerId", "ivan").when().get(PATH + id + "/content")
                .then().statusCode(403);
        given().queryParam("ownerId", "ivan").when().get(PATH + id).then().statusCode(401);
    }

    @Test
    void aLargeFileStreamsThroughWhole() throws Exception {
        byte[] wav = MediaSamples.wav(44100, 2, 70); // about 12 MB, stored in parts
        String id = MediaApiTest.as("isaac").multiPart("file", "long.wav", wav, "audio/wav")
                .when().post("/api/media").then().statusCode(201).extract().path("id");
        var response = gateway().queryParam("ownerId", "isaac").when().get(PATH + id + "/content").then()
                .statusCode(200).header("Content-Length", Integer.toString(wav.length)).extract();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long read = 0;
        try (InputStream in = response.asInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; read += n) {
                sha256.update(buffer, 0, n);
            }
        }
        assertEquals(wav.length, read);
        assertEquals(MediaSamples.sha256(wav), HexFormat.of().formatHex(sha256.digest()));
        byte[] last = gateway().queryParam("ownerId", "isaac").header("Range", "bytes=-1000")
                .when().get(PATH + id + "/content").then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(wav, wav.length - 1000, wav.length), last);
    }

    private static RequestSpecification gateway() {
        return given().auth().oauth2(OidcResource.token("generation-gateway", "service"));
    }
}
