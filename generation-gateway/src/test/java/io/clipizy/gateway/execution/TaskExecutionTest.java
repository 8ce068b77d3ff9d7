package io.clipizy.gateway.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.gateway.TaskEvents;
import io.clipizy.gateway.fakes.FakeMedia;
import io.clipizy.gateway.fakes.FakePeers;
import io.clipizy.gateway.local.audio.WavWriter;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The executor end to end over real PostgreSQL, Kafka and FFmpeg, with fake billing and media services that check
 * the gateway's service token: tasks run on the local engine and on test providers, get reserved, stored, cancelled,
 * re-attached after a restart and swept past their deadline.
 */
@QuarkusTest
class TaskExecutionTest {
    private static final Duration LONG = Duration.ofSeconds(90);

    @Inject
    TestProviders.Echo echo;

    @Inject
    TestProviders.Hold hold;

    @Inject
    TestProviders.Down down;

    @Inject
    TaskExecutor executor;

    @Test
    void anAudioAnalysisRequestRunsOnTheLocalEngineFromQueuedToSucceeded() throws Exception {
        String owner = "audio-" + UUID.randomUUID();
        UUID audio = FakePeers.media().add(owner, MediaKind.AUDIO, "audio/wav", clickTrack(120, 12));
        UUID taskId = UUID.randomUUID();
        GenerationRequested request = GenerationRequested.of(owner, UUID.randomUUID(), null, UUID.randomUUID(),
                "analysis", null, taskId, TaskKind.AUDIO_ANALYSIS, null,
                JsonCodec.mapper().createObjectNode().put("audio", audio.toString()), null, 1);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), JsonCodec.encode(request));
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, taskId, LONG);
            TaskEvent end = TaskEvents.last(events);
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> "ended " + end.status() + " " + end.error());
            assertEquals(TaskStatus.QUEUED, events.get(0).status());
            assertEquals(TaskStatus.RUNNING, events.get(1).status());
            assertTrue(events.size() >= 4, "progress while running: " + events.size() + " events");
            for (int i = 1; i < events.size(); i++) {
                assertEquals(events.get(i - 1).sequence() + 1, events.get(i).sequence(), "sequences follow each other");
                if (i < events.size() - 1) {
                    assertEquals(TaskStatus.RUNNING, events.get(i).status());
                }
            }
            assertEquals("local", end.provider());
            assertEquals(1.0, end.progress());
            assertEquals(List.of(), end.outputs(), "an analysis has no media output");
            JsonNode result = end.result();
            assertEquals(120, result.get("tempo").asDouble(), 3, "the click track's tempo: " + result.get("tempo"));
            assertTrue(result.get("beatTimesSec").size() >= 18, "beats found");
            assertEquals(12, result.get("duration").asDouble(), 0.1);
        }
        assertEquals(1, FakePeers.billing().calls(taskId).size(), "credits reserved once (free for an analysis)");
        assertEquals(1.0, FakePeers.billing().calls(taskId).get(0).quantity());
        assertFalse(Files.exists(executor.workDir(taskId)), "the work directory is deleted");
    }

    @Test
    void aCompositionOfTwoGeneratedImagesEndsWithAnMp4StoredInMedia() throws Exception {
        String owner = "video-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID first = create(owner, "{\"kind\":\"image_generation\",\"provider\":\"local\",\"params\":"
                    + "{\"prompt\":\"a red sunset over the sea\",\"width\":320,\"height\":180,\"seed\":7}}");
            TaskEvent image1 = TaskEvents.last(TaskEvents.untilEnd(kafka, first, LONG));
            UUID second = create(owner, "{\"kind\":\"image_generation\",\"params\":"
                    + "{\"prompt\":\"a neon city at night\",\"width\":320,\"height\":180,\"style\":\"animated\"}}");
            TaskEvent image2 = TaskEvents.last(TaskEvents.untilEnd(kafka, second, LONG));
            assertEquals(TaskStatus.SUCCEEDED, image1.status(), () -> String.valueOf(image1.error()));
            assertEquals(TaskStatus.SUCCEEDED, image2.status(), () -> String.valueOf(image2.error()));
            TaskOutput png = image1.outputs().get(0);
            assertEquals(MediaKind.IMAGE, png.kind());
            assertEquals("image/png", png.contentType());

            String timeline = "{\"resolution\":\"720p\",\"aspect\":\"16:9\",\"fps\":24,\"duration\":2,\"clips\":["
                    + "{\"source\":{\"kind\":\"image\",\"asset\":\"" + png.mediaId() + "\"},\"start\":0,\"duration\":1},"
                    + "{\"source\":{\"kind\":\"image\",\"asset\":\"" + image2.outputs().get(0).mediaId() + "\"},"
                    + "\"start\":1,\"duration\":1,\"transition\":{\"kind\":\"crossfade\",\"duration\":0.5}}]}";
            UUID render = create(owner, "{\"kind\":\"video_composition\",\"params\":{\"timeline\":" + timeline
                    + ",\"resolution\":\"720p\",\"aspectRatio\":\"1:1\"}}");
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, render, LONG);
            TaskEvent end = TaskEvents.last(events);
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> String.valueOf(end.error()));
            assertEquals(1, end.outputs().size());
            TaskOutput video = end.outputs().get(0);
            assertEquals(MediaKind.VIDEO, video.kind());
            assertEquals("video/mp4", video.contentType());
            assertEquals(720, end.result().get("width").asInt(), "the params' 1:1 aspect wins over the timeline's");
            assertEquals(720, end.result().get("height").asInt());
            assertEquals(2.0, end.result().get("durationSeconds").asDouble(), 0.05);

            FakeMedia.Asset stored = FakePeers.media().asset(video.mediaId());
            assertNotNull(stored, "the output is stored in media-service");
            assertEquals(render, stored.metadata().taskId());
            assertEquals(0, stored.metadata().outputIndex());
            assertEquals(owner, stored.metadata().ownerId());
            assertEquals(MediaKind.VIDEO, stored.metadata().kind());
            assertEquals(MediaRole.GENERATED, stored.metadata().role());
            assertEquals("video.mp4", stored.metadata().fileName());
            assertEquals("video/mp4", stored.partContentType());
            assertEquals("ftyp", new String(stored.bytes(), 4, 4, StandardCharsets.US_ASCII), "an MP4 file");
            assertEquals(1, FakePeers.media().outputsOf(render));
            assertEquals(2.0, FakePeers.billing().calls(render).get(0).quantity(), 0.001,
                    "a composition is priced by its seconds");
        }
        assertEquals(100 - 5 - 5 - 1, FakePeers.billing().balance(owner), "two images and a 2-second render reserved");
    }

    @Test
    void insufficientCreditsFailTheTaskWithoutCallingTheProvider() {
        String owner = "poor-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), JsonCodec.encode(GenerationRequested.of(owner,
                    null, null, null, null, null, taskId, TaskKind.IMAGE_GENERATION, "test-hold",
                    JsonCodec.mapper().createObjectNode().put("prompt", "a castle"), null, 1)));
            TaskEvent end = TaskEvents.last(TaskEvents.untilEnd(kafka, taskId, LONG));
            assertEquals(TaskStatus.FAILED, end.status());
            assertEquals(ErrorCode.INSUFFICIENT_CREDITS, end.error().code());
            assertTrue(end.error().message().contains("credits"), end.error().message());
            assertFalse(end.error().retryable());
        }
        assertEquals(0, hold.calls().starts(taskId), "the provider is never called");
    }

    @Test
    void billingThatStaysUnreachableFailsTheTaskAsProviderUnavailable() {
        String owner = "unlucky-" + UUID.randomUUID();
        FakePeers.billing().unavailableFor(owner);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID taskId = create(owner, "{\"kind\":\"music_generation\",\"provider\":\"test-echo\",\"params\":{}}");
            TaskEvent end = TaskEvents.last(TaskEvents.untilEnd(kafka, taskId, LONG));
            assertEquals(TaskStatus.FAILED, end.status());
            assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, end.error().code());
            assertTrue(end.error().message().contains("billing service could not be reached"), end.error().message());
            assertTrue(end.error().retryable());
            assertEquals(5, FakePeers.billing().calls(taskId).size(), "the first call and four retries");
            assertEquals(0, echo.calls().starts(taskId));
        }
    }

    @Test
    void aRetryableFailureOfTheFirstRoutedProviderFallsBackToTheNext() {
        String owner = "routed-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID taskId = create(owner, "{\"kind\":\"music_generation\",\"params\":{\"description\":\"a calm piano piece\"}}");
            TaskEvent end = TaskEvents.last(TaskEvents.untilEnd(kafka, taskId, LONG));
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> String.valueOf(end.error()));
            assertEquals("test-echo", end.provider(), "the second provider in clipizy.routing.music_generation");
            assertEquals(1, down.calls().starts(taskId), "the first one was tried");
            assertEquals(1, echo.calls().starts(taskId));
        }
    }

    @Test
    void anUnknownProviderFailsAsInvalidInput() {
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID taskId = create("alice", "{\"kind\":\"image_generation\",\"provider\":\"dalle\",\"params\":{}}");
            TaskEvent end = TaskEvents.last(TaskEvents.untilEnd(kafka, taskId, LONG));
            assertEquals(ErrorCode.INVALID_INPUT, end.error().code());
            assertTrue(end.error().message().contains("There is no provider 'dalle'"), end.error().message());
        }
    }

    @Test
    void aCancelStopsTheRunningTaskOnceAndDeletesItsWorkDirectory() throws Exception {
        String owner = "canceller-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 50);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID overRest = create(owner, "{\"kind\":\"image_generation\",\"provider\":\"test-hold\",\"params\":{}}");
            TaskEvents.until(kafka, overRest, e -> "Holding".equals(e.message()), LONG);
            assertTrue(Files.exists(executor.workDir(overRest).resolve("partial.bin")), "work in progress");
            given().auth().oauth2(OidcResource.user(owner)).when().post("/api/tasks/" + overRest + "/cancel").then()
                    .statusCode(200).body("status", equalTo("CANCELLED"));
            TaskEvent cancelled = TaskEvents.last(TaskEvents.untilEnd(kafka, overRest, LONG));
            assertEquals(TaskStatus.CANCELLED, cancelled.status());

            UUID overKafka = create(owner, "{\"kind\":\"image_generation\",\"provider\":\"test-hold\",\"params\":{}}");
            TaskEvents.until(kafka, overKafka, e -> "Holding".equals(e.message()), LONG);
            kafka.send(Topics.GENERATION_REQUESTS, overKafka.toString(),
                    JsonCodec.encode(TaskCancelRequested.of(owner, overKafka, null, "The run was cancelled")));
            TaskEvent cancelledToo = TaskEvents.last(TaskEvents.untilEnd(kafka, overKafka, LONG));
            assertEquals(TaskStatus.CANCELLED, cancelledToo.status());
            assertEquals("The run was cancelled", cancelledToo.message());

            for (UUID id : List.of(overRest, overKafka)) {
                awaitTrue(() -> hold.calls().cancelled.contains(id), "the provider job is cancelled");
                awaitTrue(() -> !Files.exists(executor.workDir(id)), "the work directory is deleted");
                awaitTrue(() -> !executor.runsHere(id), "the slot is free");
            }
            assertEquals(List.of(), kafka.collect(r -> r.key().equals(overRest.toString())
                    || r.key().equals(overKafka.toString()), Duration.ofSeconds(2)), "nothing after CANCELLED");
            given().auth().oauth2(OidcResource.user(owner)).when().get("/api/tasks/" + overRest).then()
                    .statusCode(200).body("status", equalTo("CANCELLED"));
        }
    }

    @Test
    void aDuplicateRequestRunsOnce() {
        String owner = "twice-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        UUID taskId = UUID.randomUUID();
        String json = JsonCodec.encode(GenerationRequested.of(owner, null, null, UUID.randomUUID(), "n", null, taskId,
                TaskKind.MUSIC_GENERATION, "test-echo", JsonCodec.mapper().createObjectNode().put("prompt", "hi"), null, 1));
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), json);
            kafka.send(Topics.GENERATION_REQUESTS, taskId.toString(), json);
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, taskId, LONG);
            assertEquals(TaskStatus.SUCCEEDED, TaskEvents.last(events).status());
            assertEquals("echo-" + taskId, TaskEvents.last(events).result().get("jobId").asText());
            assertEquals(1, events.stream().filter(e -> e.status() == TaskStatus.QUEUED).count());
            assertEquals(List.of(), kafka.collect(r -> r.key().equals(taskId.toString()), Duration.ofSeconds(3)));
        }
        assertEquals(1, echo.calls().starts(taskId), "started once");
        assertEquals(1, echo.calls().follows(taskId));
        assertEquals(1, FakePeers.billing().calls(taskId).size(), "reserved once");
    }

    @Test
    void aRunningTaskWhoseExecutorDiedIsReattachedToItsStoredProviderJob() throws Exception {
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            insert(taskId, "RUNNING", "now() + interval '1 hour'", "now() - interval '1 hour'",
                    "{\"provider\":\"test-echo\",\"jobIds\":[\"remote-job-42\"],\"state\":{\"server\":\"a\"}}");
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, taskId, LONG);
            TaskEvent end = TaskEvents.last(events);
            assertEquals(TaskStatus.SUCCEEDED, end.status(), () -> String.valueOf(end.error()));
            assertEquals("remote-job-42", end.result().get("jobId").asText(), "the stored job is followed");
            assertTrue(end.sequence() > 3, "the sequence carries on from the stored one");
        }
        assertEquals(0, echo.calls().starts(taskId), "not started again");
        assertEquals(1, echo.calls().follows(taskId));
        assertEquals(0, FakePeers.billing().calls(taskId).size(), "reserved before the restart, not again");
    }

    @Test
    void theSweeperFailsTasksPastTheirDeadlineAndCancelsTheirJobs() throws Exception {
        UUID running = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            insert(running, "RUNNING", "now() - interval '1 minute'", "now()",
                    "{\"provider\":\"test-echo\",\"jobIds\":[\"stuck-job\"],\"state\":{}}");
            insert(queued, "QUEUED", "now() - interval '1 second'", null, null);
            for (UUID id : List.of(running, queued)) {
                List<TaskEvent> events = TaskEvents.untilEnd(kafka, id, LONG);
                if (events.isEmpty()) {
                    throw new AssertionError("no event for " + (id.equals(running) ? "the running" : "the queued")
                            + " task in " + LONG + "; as stored: " + stored(id));
                }
                TaskEvent end = TaskEvents.last(events);
                assertEquals(TaskStatus.FAILED, end.status());
                assertEquals(ErrorCode.TIMEOUT, end.error().code());
                assertTrue(end.error().message().contains("deadline"));
            }
        }
        awaitTrue(() -> echo.calls().cancelled.contains(running), "the expired task's provider job is cancelled");
        assertEquals(0, echo.calls().follows(running), "an expired task is never adopted");
    }

    @Test
    void aProviderReportingAThousandTimesProducesOnlyAFewEvents() {
        String owner = "chatty-" + UUID.randomUUID();
        FakePeers.billing().fund(owner, 100);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.TASK_EVENTS)) {
            UUID taskId = create(owner, "{\"kind\":\"music_generation\",\"provider\":\"test-chatty\",\"params\":{}}");
            List<TaskEvent> events = TaskEvents.untilEnd(kafka, taskId, LONG);
            assertEquals(TaskStatus.SUCCEEDED, TaskEvents.last(events).status());
            List<TaskEvent> running = events.stream().filter(e -> e.status() == TaskStatus.RUNNING).toList();
            assertTrue(running.size() >= 3 && running.size() <= 12, "a few progress events, not 1000: " + running.size());
            assertEquals("step 1000 of 1000", running.get(running.size() - 1).message(), "the last report is published");
        }
    }

    @Test
    void anotherUsersTaskIsNotFound() {
        UUID taskId = create("owner-" + UUID.randomUUID(), "{\"kind\":\"music_generation\",\"provider\":\"test-echo\"}");
        given().auth().oauth2(OidcResource.user("stranger")).when().get("/api/tasks/" + taskId).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("stranger")).when().post("/api/tasks/" + taskId + "/cancel").then()
                .statusCode(404);
    }

    // ------------------------------------------------------------------ helpers

    private static UUID create(String owner, String body) {
        String id = given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON).body(body)
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** A task row as an instance that then died would have left it. */
    private static void insert(UUID id, String status, String deadline, String heartbeat, String job) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task (id, owner_id, kind, provider, requested_provider, params, status, progress, message, "
                        + "sequence, deadline, started_at, provider_job, executor_id, heartbeat_at) VALUES (?, 'restart-"
                        + "owner', 'music_generation', 'test-echo', 'test-echo', '{}', ?, 0.4, 'Working', 3, " + deadline
                        + ", now(), ?::jsonb, 'gateway-gone', " + (heartbeat == null ? "NULL" : heartbeat) + ")")) {
            ps.setObject(1, id);
            ps.setString(2, status);
            ps.setString(3, job);
            ps.executeUpdate();
        }
    }

    /** The task's row and the outbox's size, for a failure message that says where the task stopped. */
    private static String stored(UUID id) {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, deadline < now() AS expired, executor_id, heartbeat_at, sequence, "
                        + "(SELECT count(*) FROM outbox) AS outbox, (SELECT string_agg(state || ' ' || wait_event_type "
                        + "|| ' ' || left(query, 80), '; ') FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock') AS waiting FROM task WHERE id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "no row";
                }
                return "status " + rs.getString("status") + ", past deadline " + rs.getBoolean("expired")
                        + ", executor " + rs.getString("executor_id") + ", heartbeat " + rs.getString("heartbeat_at")
                        + ", sequence " + rs.getLong("sequence") + ", outbox rows " + rs.getLong("outbox")
                        + ", sessions waiting on a lock: " + rs.getString("waiting");
            }
        } catch (Exception e) {
            return "unreadable (" + e + ")";
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(50);
        }
    }

    /** A mono 22.05 kHz WAV of clicks at {@code bpm}, accented every fourth beat. */
    static byte[] clickTrack(double bpm, double seconds) throws Exception {
        int rate = 22050;
        float[] samples = new float[(int) (seconds * rate)];
        double period = 60.0 / bpm;
        int beat = 0;
        for (double t = 0.25; t < seconds; t += period, beat++) {
            double freq = beat % 4 == 0 ? 2000 : 1500;
            int start = (int) (t * rate);
            for (int i = 0; i < 0.03 * rate && start + i < samples.length; i++) {
                samples[start + i] += (float) (0.6 * Math.sin(2 * Math.PI * freq * i / rate) * Math.exp(-i / (0.006 * rate)));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavWriter.write(out, samples, 1, rate);
        return out.toByteArray();
    }
}
