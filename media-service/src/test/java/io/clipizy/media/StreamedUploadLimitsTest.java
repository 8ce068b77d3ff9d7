package io.clipizy.media;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An oversized upload through {@code POST /api/media} is refused while it streams, not after: on the length the request
 * announces before a byte of the body is read, as its file part begins, or once the running count passes the kind's
 * limit (16 KiB for images under test) or the owner's quota (100 MiB) — and nothing is left behind: no temp file, no
 * S3 object, no row.
 */
@QuarkusTest
class StreamedUploadLimitsTest {
    private static final int IMAGE_LIMIT = 16 * 1024;
    private static final long QUOTA = 100L * 1024 * 1024;
    private static final Path UPLOADS = Path.of("target/media-uploads");
    /** HTTP/1.1, where a body without a length is sent chunked (as an ingress forwards it to the service). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    S3Client s3;

    @Test
    void aLengthBeyondTheQuotaIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (WatchService watch = watchUploads()) {
            long started = System.nanoTime();
            RawResponse response = announceOnly("uma", 150_000_000L, null, new byte[0]);
            System.out.printf("413 for an announced 150 MB body (none sent) after %d ms%n", millisSince(started));
            assertEquals(413, response.status(), response.text());
            assertEquals("application/problem+json", response.header("content-type"));
            assertEquals("close", response.header("connection"));
            JsonPath problem = JsonPath.from(response.json());
            assertEquals("https://clipizy.io/problems/payload-too-large", problem.getString("type"));
            assertTrue(problem.getString("detail").contains("quota"), problem.getString("detail"));
            assertEquals(List.of("file"), problem.getList("errors.field"));
            assertNothingWritten(watch);
        }
        assertNothingStored("uma");
    }

    @Test
    void aLengthBeyondEveryKindLimitIsRefusedWithoutAskingForTheBody() throws Exception {
        long video = 2L * 1024 * 1024 * 1024;
        RawResponse response = announceOnly("uma", video + 100_000, "100-continue", new byte[0]);
        assertEquals(413, response.status(), "the final answer comes instead of 100 Continue: " + response.text());
        assertEquals("application/problem+json", response.header("content-type"));
        assertTrue(response.text().contains("at most " + video + " bytes"), response.text());
        assertNothingStored("uma");
    }

    @Test
    void anImageAnnouncedAtTwiceItsLimitIsRefusedAsItsFilePartBegins() throws Exception {
        String boundary = "b" + UUID.randomUUID();
        byte[] png = MediaSamples.pngOfSize(2 * IMAGE_LIMIT);
        byte[] body = multipart(boundary, "big.png", "image/png", png);
        int fileStarts = indexOf(body, png);
        byte[] partHeadAndFirstBytes = Arrays.copyOf(body, fileStarts + 64);
        try (WatchService watch = watchUploads()) {
            long started = System.nanoTime();
            RawResponse response = send("ursula", body.length, boundary, null, partHeadAndFirstBytes);
            System.out.printf("413 for a %d-byte image after its part's first 64 bytes, %d ms%n", png.length,
                    millisSince(started));
            assertEquals(413, response.status(), response.text());
            assertEquals("application/problem+json", response.header("content-type"));
            JsonPath problem = JsonPath.from(response.json());
            assertTrue(problem.getString("detail").contains("image uploads may be at most " + IMAGE_LIMIT + " bytes"),
                    problem.getString("detail"));
            assertNothingWritten(watch);
        }
        assertNothingStored("ursula");
    }

    @Test
    void anImageOfTwiceTheLimitSentWholeIsRefusedAndLeavesNothing() throws Exception {
        byte[] png = MediaSamples.pngOfSize(2 * IMAGE_LIMIT);
        long started = System.nanoTime();
        MediaApiTest.as("ulrich").multiPart("file", "big.png", png, "image/png").when().post("/api/media").then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/payload-too-large"))
                .body("errors.field", hasItem("file"))
                .body("detail", containsString("at most " + IMAGE_LIMIT + " bytes"));
        System.out.printf("413 for a %d-byte image sent whole with its length, %d ms%n", png.length, millisSince(started));
        assertNoTempFileLeft();
        assertNothingStored("ulrich");
    }

    @Test
    void aChunkedUploadIsCutOffOnceItPassesItsKindsLimit() throws Exception {
        // no length, and no type declared: the first bytes say PNG, so the image limit applies from there on
        byte[] png = MediaSamples.png(400, 400, true);
        assertTrue(png.length > 20 * IMAGE_LIMIT);
        long started = System.nanoTime();
        HttpResponse<String> response = chunked("ulla", "noise.png", "application/octet-stream", png);
        System.out.printf("413 for a chunked %d-byte image, %d ms%n", png.length, millisSince(started));
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("at most " + IMAGE_LIMIT + " bytes"), response.body());
        assertNoTempFileLeft();
        assertNothingStored("ulla");
    }

    @Test
    void aChunkedUploadIsCutOffOnceItPassesTheQuotaLeft() throws Exception {
        String owner = "umberto";
        fillQuota(owner, QUOTA - 50_000);
        byte[] wav = MediaSamples.wav(44100, 2, 1.0); // 176 kB: fits audio's limit, not the 50 kB left
        HttpResponse<String> response = chunked(owner, "take.wav", "audio/wav", wav);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("quota"), response.body());
        assertNoTempFileLeft();
        assertEquals(1, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ?", owner),
                "only the row that filled the quota");
        MediaApiTest.as(owner).multiPart("file", "short.wav", MediaSamples.wav(8000, 1, 0.5), "audio/wav")
                .when().post("/api/media").then().statusCode(201);
    }

    @Test
    void anImageOfExactlyTheLimitIsStoredWithOrWithoutALength() throws Exception {
        byte[] png = MediaSamples.pngOfSize(IMAGE_LIMIT);
        MediaApiTest.as("una").multiPart("file", "edge.png", png, "image/png").when().post("/api/media").then()
                .statusCode(201).body("sizeBytes", equalTo(IMAGE_LIMIT)).body("sha256", equalTo(MediaSamples.sha256(png)));
        HttpResponse<String> streamed = chunked("una", "edge.png", "image/png", png);
        assertEquals(201, streamed.statusCode(), streamed.body());
        assertEquals(MediaSamples.sha256(png), JsonPath.from(streamed.body()).getString("sha256"));
        byte[] oneMore = MediaSamples.pngOfSize(IMAGE_LIMIT + 1);
        MediaApiTest.as("una").multiPart("file", "over.png", oneMore, "image/png").when().post("/api/media").then()
                .statusCode(413);
        assertNoTempFileLeft();
        assertEquals(2, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ? AND source_id IS NULL",
                "una"));
    }

    @Test
    void aSecondFilePartIsAProblem400() throws Exception {
        byte[] png = MediaSamples.png(2, 2, false);
        MediaApiTest.as("uwe").multiPart("file", "a.png", png, "image/png").multiPart("file", "b.png", png, "image/png")
                .when().post("/api/media").then()
                .statusCode(400).contentType("application/problem+json");
        MediaApiTest.as("uwe").multiPart("picture", "a.png", png, "image/png")
                .when().post("/api/media").then()
                .statusCode(400).body("errors.field", hasItem("picture"));
        assertNoTempFileLeft();
    }

    @Test
    void badFormFieldsAfterAWholeFileLeaveNoTempFile() throws Exception {
        byte[] png = MediaSamples.png(2, 2, false);
        MediaApiTest.as("ugo").multiPart("file", "a.png", png).multiPart("role", "final").when().post("/api/media")
                .then().statusCode(400).body("errors.field", hasItem("role"));
        MediaApiTest.as("ugo").multiPart("file", "a.png", png).multiPart("projectId", "nope").when().post("/api/media")
                .then().statusCode(400).body("errors.field", hasItem("projectId"));
        assertNoTempFileLeft();
        assertNothingStored("ugo");
    }

    @Test
    void theOpenApiDocumentDescribesTheStreamedForm() {
        io.restassured.RestAssured.given().when().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body("components.schemas.MediaUploadForm.properties.file.format", equalTo("binary"))
                .body("paths.'/api/media'.post.requestBody.content.'multipart/form-data'.schema.'$ref'",
                        equalTo("#/components/schemas/MediaUploadForm"));
    }

    /** Sends the request head announcing {@code length} bytes and no body at all; answers what came back. */
    private static RawResponse announceOnly(String user, long length, String expect, byte[] body) throws IOException {
        return send(user, length, "b" + UUID.randomUUID(), expect, body);
    }

    /**
     * Sends a request head announcing {@code length} bytes, then only {@code prefix} of the body, and reads the answer
     * without sending the rest: an answer proves the server decided before the rest arrived.
     */
    private static RawResponse send(String user, long length, String boundary, String expect, byte[] prefix)
            throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            String head = "POST /api/media HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + OidcResource.user(user) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: " + length + "\r\n"
                    + (expect != null ? "Expect: " + expect + "\r\n" : "") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(prefix);
            out.flush();
            return RawResponse.read(socket.getInputStream());
        }
    }

    /** An HTTP/1.1 answer read off the socket: status, headers, and a body of its Content-Length. */
    record RawResponse(int status, List<String> headers, byte[] body) {
        static RawResponse read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before an answer: " + head);
                }
                head.write(b);
            }
            List<String> lines = List.of(head.toString(StandardCharsets.ISO_8859_1).split("\r\n"));
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            RawResponse partial = new RawResponse(status, lines.subList(1, lines.size()), new byte[0]);
            String length = partial.header("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new RawResponse(status, partial.headers(), body);
        }

        String header(String name) {
            return headers.stream().filter(h -> h.toLowerCase().startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse(null);
        }

        String json() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String text() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Uploads with chunked transfer encoding: no length is announced, the server only learns the size by counting. */
    private static HttpResponse<String> chunked(String user, String fileName, String type, byte[] file) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        byte[] body = multipart(boundary, fileName, type, file);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/media"))
                .header("Authorization", "Bearer " + OidcResource.user(user))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] multipart(String boundary, String fileName, String type, byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static WatchService watchUploads() throws IOException {
        Files.createDirectories(UPLOADS);
        WatchService watch = FileSystems.getDefault().newWatchService();
        UPLOADS.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        return watch;
    }

    /** Not a single file was created in the upload directory while the watch was on. */
    private static void assertNothingWritten(WatchService watch) throws InterruptedException {
        WatchKey key = watch.poll(500, TimeUnit.MILLISECONDS);
        assertEquals(List.of(), key == null ? List.of()
                : key.pollEvents().stream().map(e -> String.valueOf(e.context())).toList(), "files created");
    }

    /** Files already in the upload directory before a test: only what a test itself leaves counts against it. */
    private Set<Path> present = Set.of();

    @BeforeEach
    void noteUploadsPresent() throws IOException {
        present = uploads();
    }

    /** The upload's temp file is gone (it is removed as the answer goes out, so allow a moment). */
    private void assertNoTempFileLeft() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<Path> left;
        do {
            left = uploads();
            left.removeAll(present);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(Set.of(), left, "temp files left in " + UPLOADS);
    }

    private static Set<Path> uploads() throws IOException {
        Files.createDirectories(UPLOADS);
        try (var files = Files.list(UPLOADS)) {
            return files.collect(Collectors.toCollection(HashSet::new));
        }
    }

    private void assertNothingStored(String owner) throws Exception {
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE owner_id = ?", owner));
        assertEquals(0, s3.listObjectsV2(b -> b.bucket("clipizy-media").prefix("users/" + owner + "/")).keyCount());
    }

    /** Gives the owner stored media of {@code bytes} (a row, as if uploaded earlier), so little quota is left. */
    private static void fillQuota(String owner, long bytes) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO media_asset (id, owner_id, kind, role, content_type, size_bytes, sha256, s3_key, status) "
                        + "VALUES (?, ?, 'video', 'upload', 'video/mp4', ?, ?, ?, 'READY')")) {
            UUID id = UUID.randomUUID();
            ps.setObject(1, id);
            ps.setString(2, owner);
            ps.setLong(3, bytes);
            ps.setString(4, "0".repeat(64));
            ps.setString(5, "users/" + owner + "/projects/none/video/" + id + ".mp4");
            ps.executeUpdate();
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
