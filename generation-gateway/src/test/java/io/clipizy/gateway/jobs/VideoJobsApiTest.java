package io.clipizy.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.fakes.FakePeers;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video jobs API over real PostgreSQL, Kafka, signed tokens and the bundled FFmpeg; media-service is the fake
 * of its content contract. Task outcomes (which the executor writes) are set in the database where a test needs a
 * finished or failed variant.
 */
@QuarkusTest
@WithTestResource(value = FakeMediaServer.class, scope = TestResourceScope.GLOBAL)
class VideoJobsApiTest {
    private static final String VERA = OidcResource.user("vera");
    private static final String OTTO = OidcResource.user("otto");

    @TempDir
    Path temp;

    @Test
    void aJobOfTwoVariantsIsTwoQueuedTasksAnnouncedReadableByItsOwnerOnly() {
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            ExtractableResponse<Response> created = given().auth().oauth2(VERA).contentType(ContentType.JSON)
                    .body("{\"prompt\":\"a paper boat on a rainy street\",\"n_variants\":2,\"n_seconds\":4,"
                            + "\"width\":480,\"height\":270}")
                    .when().post("/api/v1/videos/jobs").then()
                    .statusCode(201)
                    .header("Location", containsString("/api/v1/videos/jobs/"))
                    .contentType(ContentType.JSON)
                    .body("status", equalTo("QUEUED"))
                    .body("n_variants", equalTo(2))
                    .body("n_seconds", equalTo(4.0f))
                    .body("width", equalTo(480))
                    .body("variants", hasSize(2))
                    .body("variants[0].status", equalTo("QUEUED"))
                    .body("generations", hasSize(0))
                    .extract();
            String id = created.path("id");
            List<String> taskIds = created.path("variants.task_id");

            // the executor may pick a task up at once, so its RUNNING event can come before the other task's QUEUED one
            Set<String> announced = kafka.await(r -> taskIds.contains(r.key())
                            && JsonCodec.decode(r.value(), TaskEvent.class).status() == TaskStatus.QUEUED, 2, Duration.ofSeconds(20))
                    .stream().map(r -> JsonCodec.decode(r.value(), TaskEvent.class))
                    .map(e -> e.taskId().toString()).collect(Collectors.toSet());
            assertEquals(Set.copyOf(taskIds), announced, "each variant's task is announced once");

            given().auth().oauth2(VERA).when().get("/api/tasks/" + taskIds.get(1)).then()
                    .statusCode(200).body("kind", equalTo("video_generation"))
                    .body("params.prompt", equalTo("a paper boat on a rainy street"))
                    .body("params.seconds", equalTo(4.0f)).body("params.variant", equalTo(1))
                    .body("itemIndex", equalTo(1));
            given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + id).then()
                    .statusCode(200).body("id", equalTo(id)).body("prompt", equalTo("a paper boat on a rainy street"));
            // filter by the status the job settles in (the executor runs it meanwhile), and not by another
            String settled = settledStatus(id);
            given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?status=" + settled + "&size=100").then()
                    .statusCode(200).body("items.id", hasItem(id));
            String other = settled.equals("SUCCEEDED") ? "FAILED" : "SUCCEEDED";
            given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?status=" + other + "&size=100").then()
                    .statusCode(200).body("items.id", not(hasItem(id)));

            given().auth().oauth2(OTTO).when().get("/api/v1/videos/jobs/" + id).then()
                    .statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(OTTO).when().delete("/api/v1/videos/jobs/" + id).then().statusCode(404);
            given().auth().oauth2(OTTO).when().get("/api/v1/videos/jobs?size=100").then()
                    .statusCode(200).body("items.id", not(hasItem(id)));
            given().auth().oauth2(OTTO).when().get("/api/v1/images/" + id).then().statusCode(404);
        }
    }

    @Test
    void deletingAJobCancelsItsUnfinishedVariantsAndRemovesIt() {
        // a funded owner and a provider whose jobs run until cancelled: the variants are still unfinished (queued or
        // running) whenever the delete comes, however fast the executor claims them
        String owner = "deleting-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        FakePeers.billing().fund(owner, 100);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a lighthouse at dusk\",\"n_variants\":2,\"width\":320,\"height\":180,"
                        + "\"provider\":\"test-hold\"}")
                .when().post("/api/v1/videos/jobs").then().statusCode(201).extract().path("id");
        List<String> taskIds = given().auth().oauth2(token).when().get("/api/v1/videos/jobs/" + id).then()
                .extract().path("variants.task_id");
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            given().auth().oauth2(token).when().delete("/api/v1/videos/jobs/" + id).then().statusCode(204);
            List<TaskEvent> cancelled = kafka.await(r -> taskIds.contains(r.key()) && r.value().contains("\"CANCELLED\""),
                            2, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), TaskEvent.class)).toList();
            assertTrue(cancelled.stream().allMatch(e -> e.status() == TaskStatus.CANCELLED), cancelled.toString());
        }
        given().auth().oauth2(token).when().get("/api/tasks/" + taskIds.get(0)).then()
                .statusCode(200).body("status", equalTo("CANCELLED"));
        given().auth().oauth2(token).when().get("/api/v1/videos/jobs/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().delete("/api/v1/videos/jobs/" + id).then().statusCode(404);
    }

    @Test
    void deleteFailedIsItsOwnRouteAndDeletesOnlyTheCallersFailedJobs() throws Exception {
        String failed = createVideoJob(VERA, "this one fails", 2);
        String running = createVideoJob(VERA, "this one half fails", 2);
        String othersFailed = createVideoJob(OTTO, "otto's failure", 1);
        setStatuses(failed, VERA, "FAILED", "FAILED");
        setStatuses(running, VERA, "FAILED", "RUNNING");
        setStatuses(othersFailed, OTTO, "FAILED");

        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + failed).then()
                .statusCode(200).body("status", equalTo("FAILED"))
                .body("failure_reason", containsString("provider_unavailable"));
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?status=FAILED&size=100").then()
                .statusCode(200).body("items.id", hasItem(failed)).body("items.id", not(hasItem(running)));

        given().auth().oauth2(VERA).when().delete("/api/v1/videos/jobs/failed").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("ids", hasItem(failed)).body("ids", not(hasItem(running)))
                .body("ids", not(hasItem(othersFailed)));
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + failed).then().statusCode(404);
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + running).then()
                .statusCode(200).body("status", equalTo("RUNNING"));
        given().auth().oauth2(OTTO).when().get("/api/v1/videos/jobs/" + othersFailed).then().statusCode(200);
        given().auth().oauth2(VERA).when().delete("/api/v1/videos/jobs/failed").then()
                .statusCode(200).body("deleted", equalTo(0));
        // a job id that is not a UUID is bad input, not a route to another handler
        given().auth().oauth2(VERA).when().delete("/api/v1/videos/jobs/failedx").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void badJobRequestsAreProblemsNamingTheField() {
        expectField("{\"n_variants\":1}", "prompt");
        expectField("{\"prompt\":\"x\",\"n_variants\":5}", "n_variants");
        expectField("{\"prompt\":\"x\",\"n_variants\":0}", "n_variants");
        expectField("{\"prompt\":\"x\",\"n_seconds\":0}", "n_seconds");
        expectField("{\"prompt\":\"x\",\"n_seconds\":21}", "n_seconds");
        expectField("{\"prompt\":\"x\",\"width\":481}", "width");
        expectField("{\"prompt\":\"x\",\"height\":64}", "height");
        expectField("{\"prompt\":\"x\",\"provider\":\"../etc\"}", "provider");
        expectField("{\"prompt\":\"x\",\"provider\":\"nosuchprovider\"}", "provider");
        expectField("{\"prompt\":\"x\",\"n_variants\":\"two\"}", "n_variants");
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"prompt\":")
                .when().post("/api/v1/videos/jobs").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?size=0").then()
                .statusCode(400).body("errors.field", hasItem("size"));
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?status=DONE").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/videos/jobs").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aGenerationStreamsTheMp4WithTheCallersTokenAndForwardsRange() throws Exception {
        byte[] mp4 = Files.readAllBytes(TestVideos.twoColours(temp, "red", "blue", 1));
        UUID generation = UUID.randomUUID();
        FakeMediaServer.put(generation, mp4, "video/mp4", VERA);
        String job = createVideoJob(VERA, "two colours", 1);
        setOutput(job, VERA, generation);

        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + job).then()
                .statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("generations[0].id", equalTo(generation.toString()))
                .body("generations[0].content_url", equalTo("/api/v1/videos/generations/" + generation + "/content?as_gif=false"));

        byte[] whole = given().auth().oauth2(VERA).when()
                .get("/api/v1/videos/generations/" + generation + "/content?as_gif=false").then()
                .statusCode(200).contentType("video/mp4").header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(mp4, whole);
        assertEquals("Bearer " + VERA, FakeMediaServer.lastAuthorization(generation), "the caller's own token is used");

        byte[] part = given().auth().oauth2(VERA).header("Range", "bytes=100-199").when()
                .get("/api/v1/videos/generations/" + generation + "/content").then()
                .statusCode(206).header("Content-Range", "bytes 100-199/" + mp4.length)
                .extract().asByteArray();
        assertEquals(100, part.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(mp4, 100, 200), part);
        given().auth().oauth2(VERA).header("Range", "bytes=" + (mp4.length + 10) + "-").when()
                .get("/api/v1/videos/generations/" + generation + "/content").then().statusCode(416);

        given().auth().oauth2(OTTO).when().get("/api/v1/videos/generations/" + generation + "/content").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(VERA).when().get("/api/v1/videos/generations/" + UUID.randomUUID() + "/content").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(VERA).when().get("/api/v1/videos/generations/" + generation + "/content?as_gif=maybe")
                .then().statusCode(400).body("errors.field", hasItem("as_gif"));
    }

    @Test
    void aGenerationConvertsToAGifWithTheBundledFfmpeg() throws Exception {
        byte[] mp4 = Files.readAllBytes(TestVideos.moving(temp, 1.5));
        UUID generation = UUID.randomUUID();
        FakeMediaServer.put(generation, mp4, "video/mp4", VERA);
        setOutput(createVideoJob(VERA, "a test pattern", 1), VERA, generation);

        byte[] gif = given().auth().oauth2(VERA).when()
                .get("/api/v1/videos/generations/" + generation + "/content?as_gif=true").then()
                .statusCode(200).contentType("image/gif")
                .extract().asByteArray();
        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        Path file = temp.resolve("out.gif");
        Files.write(file, gif);
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(file.toFile());
        assertEquals(320, first.getWidth(), "no wider than the source (and the 480 px cap)");
        assertEquals(180, first.getHeight());

        UUID processing = UUID.randomUUID();
        FakeMediaServer.putProcessing(processing, VERA);
        setOutput(createVideoJob(VERA, "still processing", 1), VERA, processing);
        given().auth().oauth2(VERA).when().get("/api/v1/videos/generations/" + processing + "/content?as_gif=true")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aVideoWithoutAVisionModelGetsAMeasuredAnalysisWithItsCutAndColours() throws Exception {
        FakeLlmProvider.enabled = false;
        Path video = TestVideos.twoColours(temp, "red", "blue", 2);
        given().auth().oauth2(VERA).multiPart("file", video.toFile(), "video/mp4")
                .when().post("/api/v1/videos/analyze").then()
                .statusCode(200)
                .body("method", equalTo("measured"))
                .body("note", containsString("no AI model"))
                .body("width", equalTo(320)).body("height", equalTo(180))
                .body("duration_seconds", near(4.0, 0.1))
                .body("shot_cuts", hasSize(1))
                .body("shot_cuts[0]", near(2.0, 0.08))
                .body("shots", equalTo(2))
                .body("dominant_colours", hasSize(2))
                .body("dominant_colours.name", org.hamcrest.Matchers.containsInAnyOrder("red", "blue"))
                .body("dominant_colours[0].share", near(0.5, 0.08))
                .body("motion.level", equalTo("static"));

        Path moving = TestVideos.moving(temp, 2);
        UUID media = UUID.randomUUID();
        FakeMediaServer.put(media, Files.readAllBytes(moving), "video/mp4", VERA);
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"video\":\"" + media + "\"}")
                .when().post("/api/v1/videos/analyze").then()
                .statusCode(200).body("method", equalTo("measured"))
                .body("motion.level", not(equalTo("static")))
                .body("frame_rate", near(25.0, 0.5));
        given().auth().oauth2(OTTO).contentType(ContentType.JSON).body("{\"video\":\"" + media + "\"}")
                .when().post("/api/v1/videos/analyze").then().statusCode(404);
    }

    @Test
    void aVideoWithAVisionModelGetsItsSummaryProductsTagsAndFeedback() throws Exception {
        FakeLlmProvider.enabled = true;
        try {
            Path video = TestVideos.twoColours(temp, "red", "blue", 2);
            given().auth().oauth2(VERA).multiPart("file", video.toFile(), "video/mp4")
                    .when().post("/api/v1/videos/analyze").then()
                    .statusCode(200)
                    .body("method", equalTo("vision"))
                    .body("provider", equalTo("test-llm"))
                    .body("model", equalTo("fake-vision-1"))
                    .body("summary", containsString("red screen"))
                    .body("tags", hasItem("minimal"))
                    .body("products", hasSize(0))
                    .body("feedback", hasSize(2))
                    .body("measured.shots", equalTo(2));
            assertEquals(960, FakeLlmProvider.lastImageWidth, "a 2x2 sheet of frames 480 px wide");
            assertEquals(540, FakeLlmProvider.lastImageHeight);
        } finally {
            FakeLlmProvider.enabled = false;
        }
    }

    @Test
    void badAnalysisRequestsAreProblems() throws Exception {
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/videos/analyze").then().statusCode(400).body("errors.field", hasItem("video"));
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"video\":\"not-an-id\"}")
                .when().post("/api/v1/videos/analyze").then().statusCode(400).body("errors.field", hasItem("video"));
        Path text = temp.resolve("notes.mp4");
        Files.writeString(text, "this is not a video");
        given().auth().oauth2(VERA).multiPart("file", text.toFile(), "video/mp4")
                .when().post("/api/v1/videos/analyze").then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void filenamesAreSafeSlugsWithAllowedExtensions() {
        given().auth().oauth2(VERA).contentType(ContentType.JSON)
                .body("{\"prompt\":\"Crème brûlée on a café terrace!\",\"gen_id\":\"gen_01HX9ZQ\",\"extension\":\".MP4\"}")
                .when().post("/api/v1/videos/filename/generate").then()
                .statusCode(200).body("filename", equalTo("creme-brulee-on-a-cafe-terrace-gen01hx9.mp4"));
        String name = given().auth().oauth2(VERA).contentType(ContentType.JSON)
                .body("{\"prompt\":\"../../etc/passwd\",\"gen_id\":\"../..\",\"extension\":\"gif\"}")
                .when().post("/api/v1/videos/filename/generate").then()
                .statusCode(200).extract().path("filename");
        assertEquals("etc-passwd.gif", name);
        given().auth().oauth2(VERA).contentType(ContentType.JSON)
                .body("{\"prompt\":\"x\",\"gen_id\":\"g\",\"extension\":\"sh\"}")
                .when().post("/api/v1/videos/filename/generate").then()
                .statusCode(400).body("errors.field", hasItem("extension"));
        given().auth().oauth2(VERA).contentType(ContentType.JSON)
                .body("{\"gen_id\":\"g\",\"extension\":\"mp4\"}")
                .when().post("/api/v1/videos/filename/generate").then()
                .statusCode(400).body("errors.field", hasItem("prompt"));
    }

    @Test
    void promptEnhancementNeedsATextModelAndSaysWhichToConfigure() {
        FakeLlmProvider.enabled = false;
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"prompt\":\"a cat surfing\"}")
                .when().post("/api/v1/videos/prompt/enhance").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/dependency-unavailable"))
                .body("detail", containsString("clipizy.providers.ollama.url"))
                .body("detail", containsString("clipizy.providers.openai-chat"));
        FakeLlmProvider.enabled = true;
        try {
            given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"prompt\":\"a cat surfing\"}")
                    .when().post("/api/v1/videos/prompt/enhance").then()
                    .statusCode(200)
                    .body("prompt", equalTo("a cat surfing"))
                    .body("enhanced_prompt", equalTo("A slow dolly shot of a cat surfing, golden hour light, shallow depth of field"))
                    .body("provider", equalTo("test-llm"));
            given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"prompt\":\" \"}")
                    .when().post("/api/v1/videos/prompt/enhance").then()
                    .statusCode(400).body("errors.field", hasItem("prompt"));
        } finally {
            FakeLlmProvider.enabled = false;
        }
    }

    @Test
    void imagesAreGeneratedListedAndDeletedByTheirOwnerOnly() {
        String id = given().auth().oauth2(VERA).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a neon fox logo\",\"n_images\":3,\"width\":512,\"height\":512,\"style\":\"flat\"}")
                .when().post("/api/v1/images/generate").then()
                .statusCode(201).header("Location", containsString("/api/v1/images/"))
                .body("media", equalTo("image")).body("variants", hasSize(3)).body("n_seconds", nullValue())
                .extract().path("id");
        String task = given().auth().oauth2(VERA).when().get("/api/v1/images/" + id).then()
                .statusCode(200).extract().path("variants[2].task_id");
        given().auth().oauth2(VERA).when().get("/api/tasks/" + task).then()
                .statusCode(200).body("kind", equalTo("image_generation")).body("params.style", equalTo("flat"));
        given().auth().oauth2(VERA).when().get("/api/v1/images?size=100").then()
                .statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs?size=100").then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        given().auth().oauth2(OTTO).when().get("/api/v1/images?size=100").then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        given().auth().oauth2(OTTO).when().delete("/api/v1/images/" + id).then().statusCode(404);
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body("{\"prompt\":\"x\",\"n_images\":9}")
                .when().post("/api/v1/images/generate").then().statusCode(400).body("errors.field", hasItem("n_images"));
        given().auth().oauth2(VERA).when().delete("/api/v1/images/" + id).then().statusCode(204);
        given().auth().oauth2(VERA).when().get("/api/v1/images/" + id).then().statusCode(404);
    }

    @Test
    void envStatusReportsProvidersWithoutSecrets() {
        FakeLlmProvider.enabled = true;
        try {
            io.quarkus.arc.Arc.container().instance(io.clipizy.gateway.status.ProviderStatusService.class).get().forget();
            String body = given().auth().oauth2(VERA).when().get("/api/v1/env/status").then()
                    .statusCode(200)
                    .body("providers.find { it.name == 'test-llm' }.configured", equalTo(true))
                    .body("providers.find { it.name == 'test-llm' }.reachable", equalTo(true))
                    .body("providers.find { it.name == 'test-llm' }.latency_ms", equalTo(12))
                    .body("providers.find { it.name == 'test-llm' }.kinds", hasItem("image_description"))
                    .body("providers.find { it.name == 'test-llm' }.last_error", containsString("401"))
                    .body("available_kinds", hasItem("text_generation"))
                    .extract().asString();
            assertTrue(!body.contains(FakeLlmProvider.SECRET) && !body.contains("hunter2"), body);
        } finally {
            FakeLlmProvider.enabled = false;
            io.quarkus.arc.Arc.container().instance(io.clipizy.gateway.status.ProviderStatusService.class).get().forget();
        }
        given().when().get("/api/v1/env/status").then().statusCode(401);
    }

    /** A JSON number (RestAssured reads them as Float) within {@code tolerance} of {@code value}. */
    private static org.hamcrest.Matcher<Object> near(double value, double tolerance) {
        return new org.hamcrest.TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number && Math.abs(((Number) item).doubleValue() - value) <= tolerance;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a number within " + tolerance + " of " + value);
            }
        };
    }

    private static void expectField(String body, String field) {
        given().auth().oauth2(VERA).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/videos/jobs").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    static String createVideoJob(String token, String prompt, int variants) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + prompt + "\",\"n_variants\":" + variants + ",\"width\":320,\"height\":180}")
                .when().post("/api/v1/videos/jobs").then().statusCode(201).extract().path("id");
    }

    private static List<String> taskIds(String token, String job) {
        return given().auth().oauth2(token).when().get("/api/v1/videos/jobs/" + job).then()
                .statusCode(200).extract().path("variants.task_id");
    }

    /** What the executor would write when variants end (the error of a failed one included). */
    /**
     * Hands a task row to an instance that does not exist, with a fresh lease: the running executor neither adopts it
     * nor, if it had already claimed it, overwrites the state a test sets (its updates are guarded by its own id).
     */
    private static final String PINNED = "executor_id = 'test-pinned', heartbeat_at = now() + interval '1 hour'";

    private static void setStatuses(String job, String token, String... statuses) throws Exception {
        List<String> ids = taskIds(token, job);
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE task SET status = ?, error = CASE WHEN ? = 'FAILED' THEN "
                        + "'{\"code\":\"provider_unavailable\",\"message\":\"every provider failed\",\"retryable\":true}'::jsonb "
                        + "END, finished_at = CASE WHEN ? IN ('FAILED', 'SUCCEEDED') THEN now() END, " + PINNED + " WHERE id = ?")) {
            for (int i = 0; i < statuses.length; i++) {
                ps.setString(1, statuses[i]);
                ps.setString(2, statuses[i]);
                ps.setString(3, statuses[i]);
                ps.setObject(4, UUID.fromString(ids.get(i)));
                assertEquals(1, ps.executeUpdate());
            }
        }
    }

    /** The job's first variant succeeded with {@code media} as its output. */
    private static void setOutput(String job, String token, UUID media) throws Exception {
        String task = taskIds(token, job).get(0);
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE task SET status = 'SUCCEEDED', progress = 1, finished_at = now(), outputs = ?::jsonb, " + PINNED + " WHERE id = ?")) {
            ps.setString(1, "[{\"index\":0,\"mediaId\":\"" + media + "\",\"kind\":\"video\",\"contentType\":\"video/mp4\"}]");
            ps.setObject(2, UUID.fromString(task));
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** Waits (at most 30 s) for the job to reach an end state and answers it. */
    private static String settledStatus(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = given().auth().oauth2(VERA).when().get("/api/v1/videos/jobs/" + id).then().statusCode(200)
                    .extract().path("status");
            if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the job did not settle within 30 s; last status " + status);
    }
}
