package io.clipizy.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.media.storage.PresignedUrls;
import io.clipizy.testing.S3Resource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned URLs name the public S3 endpoint ({@code clipizy.s3.public-endpoint}, here a relay on a port of its own,
 * see {@link PublicS3Endpoint}) while the service keeps talking to S3 at its internal endpoint.
 */
@QuarkusTest
class PublicS3EndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    S3Client s3;

    @Inject
    S3Presigner internalPresigner;

    @Test
    void downloadUrlsNameThePublicEndpointAndWorkThroughIt() throws Exception {
        byte[] png = MediaSamples.png(6, 5, false);
        String id = MediaApiTest.upload("pia", null, png);
        URI url = URI.create(MediaApiTest.as("pia").when().get("/api/media/" + id + "/url").then()
                .statusCode(200).extract().<String>path("url"));
        assertPublic(url);
        int before = PublicS3Endpoint.connections();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(png, response.body());
        assertTrue(PublicS3Endpoint.connections() > before, "the download went through the public endpoint");
    }

    @Test
    void uploadUrlsNameThePublicEndpointWhileTheServiceVerifiesThroughItsOwn() throws Exception {
        byte[] wav = MediaSamples.wav(44100, 2, 70); // about 12 MB: part URLs
        JsonPath parts = DirectUploadTest.begin("paul", Map.of("contentType", "audio/wav", "sizeBytes", wav.length));
        List<Map<String, Object>> list = parts.getList("parts");
        int offset = 0;
        for (Map<String, Object> part : list) {
            URI url = URI.create((String) part.get("url"));
            assertPublic(url);
            int size = ((Number) part.get("sizeBytes")).intValue();
            assertEquals(200, DirectUploadTest.put(url.toString(), null, java.util.Arrays.copyOfRange(wav, offset,
                    offset + size)));
            offset += size;
        }
        byte[] png = MediaSamples.png(4, 4, false);
        JsonPath single = DirectUploadTest.begin("paul", Map.of("contentType", "image/png", "sizeBytes", png.length));
        assertPublic(URI.create(single.getString("url")));
        assertEquals(200, DirectUploadTest.put(single.getString("url"), "image/png", png));

        // completing, storing and streaming are the service's own S3 calls: none of them takes the public way
        int before = PublicS3Endpoint.connections();
        MediaApiTest.as("paul").when().post(parts.getString("completeUrl")).then().statusCode(200);
        MediaApiTest.as("paul").when().post(single.getString("completeUrl")).then().statusCode(200);
        String stored = MediaApiTest.upload("paul", null, MediaSamples.png(3, 3, false));
        MediaApiTest.as("paul").when().get("/api/media/" + stored + "/content").then().statusCode(200);
        assertEquals(before, PublicS3Endpoint.connections(), "the service talks to S3 at its internal endpoint");
        assertEquals(URI.create(S3Resource.endpoint()), s3.serviceClientConfiguration().endpointOverride().orElseThrow());
    }

    @Test
    void withoutAPublicEndpointUrlsAreSignedForTheServicesOwnAndWork() throws Exception {
        byte[] png = MediaSamples.png(7, 3, false);
        String id = MediaApiTest.upload("pete", null, png);
        PresignedUrls same = new PresignedUrls(internalPresigner, "clipizy-media");
        URI url = same.get(MediaApiTest.key(id), "image/png", "pic.png", Duration.ofMinutes(1)).url();
        URI internal = URI.create(S3Resource.endpoint());
        assertEquals(internal.getHost() + ":" + internal.getPort(), url.getHost() + ":" + url.getPort());
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(png, response.body());
    }

    private static void assertPublic(URI url) {
        assertEquals("localhost:" + PublicS3Endpoint.port(), url.getHost() + ":" + url.getPort(), url.toString());
    }
}
