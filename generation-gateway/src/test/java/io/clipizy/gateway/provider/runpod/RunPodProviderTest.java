package io.clipizy.gateway.provider.runpod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.comfyui.GraphTemplates;
import io.clipizy.gateway.provider.fakes.FakeRunPod;
import io.clipizy.gateway.provider.fakes.Media;
import io.clipizy.gateway.provider.fakes.Recorded;
import io.clipizy.gateway.provider.fakes.Reply;
import io.clipizy.gateway.provider.fakes.TestCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RunPod serverless adapter against a fake of RunPod's queue API, failure modes and webhooks included. */
class RunPodProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "rp_test_key";
    private static Vertx vertx;
    private static GraphTemplates templates;

    @TempDir
    Path dir;
    private FakeRunPod fake;
    private TestCalls calls;
    private RunPodWebhooks webhooks;
    private RunPodProvider provider;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
        templates = GraphTemplates.load(RunPodProviderTest.class.getClassLoader(), Map.of());
    }

    @AfterAll
    static void closeVertx() {
        vertx.closeAndAwait();
    }

    @BeforeEach
    void start() {
        fake = new FakeRunPod(KEY);
        calls = new TestCalls(dir);
        webhooks = new RunPodWebhooks();
        provider = provider(settings(Map.of(TaskKind.IMAGE_GENERATION,
                new RunPodSettings.Endpoint("ep-image", RunPodSettings.InputMode.COMFYUI, false)), null,
                Duration.ofMillis(50), false));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private RunPodSettings settings(Map<TaskKind, RunPodSettings.Endpoint> endpoints, String webhookBase,
                                    Duration poll, boolean httpsOnly) {
        ProviderGuard.Settings guard = ProviderGuard.Settings.defaults()
                .withRetries(2, Duration.ofMillis(20), Duration.ofSeconds(1))
                .withAttemptTimeout(Duration.ofMillis(800));
        return new RunPodSettings(fake.base(), Optional.of(KEY), Optional.ofNullable(webhookBase), endpoints, guard,
                Duration.ofSeconds(5), poll, poll, Duration.ofMinutes(10), httpsOnly);
    }

    private RunPodProvider provider(RunPodSettings settings) {
        return new RunPodProvider(vertx, WebClient.create(vertx), settings, templates, Map.of(), webhooks);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static ProviderException failure(Uni<?> uni) {
        return assertThrows(ProviderException.class, () -> uni.await().atMost(WAIT));
    }

    private ProviderResult run(RunPodProvider adapter, ProviderCall call) {
        return await(adapter.start(call).chain(job -> adapter.follow(call, job)));
    }

    @Test
    void aWorkerComfyUiJobIsSentOurTemplateAndItsBase64ImageIsSaved() throws Exception {
        UUID reference = calls.media(MediaKind.IMAGE, "image/png", Media.png(), "png");
        ProviderCall call = calls.call(UUID.randomUUID(), TaskKind.IMAGE_GENERATION,
                "{\"prompt\":\"paint it blue\",\"reference\":\"" + reference + "\"}", Duration.ofMinutes(10));
        ProviderJob job = await(provider.start(call));
        JsonObject sent = fake.runs.get(job.jobIds().get(0));
        JsonObject input = sent.getJsonObject("input");
        JsonObject workflow = input.getJsonObject("workflow");
        assertEquals("paint it blue", workflow.getJsonObject("20").getJsonObject("inputs").getString("prompt"));
        JsonArray images = input.getJsonArray("images");
        assertEquals(1, images.size());
        assertEquals(workflow.getJsonObject("10").getJsonObject("inputs").getString("image"),
                images.getJsonObject(0).getString("name"));
        assertTrue(images.getJsonObject(0).getString("image").startsWith("data:image/png;base64,"));
        long executionTimeout = sent.getJsonObject("policy").getLong("executionTimeout");
        assertTrue(executionTimeout > 590_000 && executionTimeout <= 600_000, "from the deadline: " + executionTimeout);
        assertEquals(executionTimeout + 600_000, sent.getJsonObject("policy").getLong("ttl"), 5_000);
        assertFalse(sent.containsKey("webhook"), "no webhook without a public URL");
        assertEquals("Bearer " + KEY, fake.requests("POST /v2/ep-image/run").get(0).authorization());

        ProviderResult result = await(provider.follow(call, job));
        assertEquals(1, result.outputs().size());
        assertEquals(MediaKind.IMAGE, result.outputs().get(0).kind());
        assertArrayEquals(Media.png(), Files.readAllBytes(result.outputs().get(0).file()));
        assertFalse(result.result().toString().contains("http"), "no provider URL in the result");
        assertEquals(1.0, calls.progress.get(calls.progress.size() - 1).fraction());
    }

    @Test
    void outputUrlsAreDownloadedAndPlainHttpIsRefusedWhenHttpsIsRequired() {
        fake.output = new JsonObject().put("images", new JsonArray().add(new JsonObject().put("filename", "out.png")
                .put("type", "s3_url").put("data", fake.url() + "/files/out.png")));
        ProviderResult result = run(provider, calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}"));
        assertEquals("image/png", result.outputs().get(0).contentType());
        assertEquals(1, fake.requests("GET /files/out.png").size());
        assertTrue(fake.requests("GET /files/out.png").get(0).authorization() == null, "no API key sent to output URLs");

        RunPodProvider strict = provider(settings(Map.of(TaskKind.IMAGE_GENERATION,
                new RunPodSettings.Endpoint("ep-image", RunPodSettings.InputMode.COMFYUI, false)), null,
                Duration.ofMillis(50), true));
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(strict.start(call).chain(job -> strict.follow(call, job))).code());
    }

    @Test
    void aRawEndpointGetsTheTaskParametersWithMediaAsDataUris() {
        RunPodProvider raw = provider(settings(Map.of(TaskKind.VIDEO_GENERATION,
                new RunPodSettings.Endpoint("ep-video", RunPodSettings.InputMode.RAW, false)), null,
                Duration.ofMillis(50), false));
        fake.output = new JsonObject().put("video", java.util.Base64.getEncoder().encodeToString(Media.mp4()));
        UUID image = calls.media(MediaKind.IMAGE, "image/png", Media.png(), "png");
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"image\":\"" + image + "\",\"prompt\":\"waves\",\"seconds\":4}");
        ProviderResult result = run(raw, call);
        JsonObject input = fake.runs.values().iterator().next().getJsonObject("input");
        assertEquals("waves", input.getString("prompt"));
        assertEquals(4, input.getInteger("seconds"));
        assertTrue(input.getString("image").startsWith("data:image/png;base64,"));
        assertEquals(MediaKind.VIDEO, result.outputs().get(0).kind());
        assertEquals(java.util.Set.of(TaskKind.VIDEO_GENERATION), raw.kinds());
    }

    @Test
    void aBurstOf429IsRetriedHonouringRetryAfter() {
        fake.script("POST /run", Reply.tooManyRequests("1"), Reply.tooManyRequests("1"));
        ProviderResult result = run(provider, calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}"));
        assertEquals(1, result.outputs().size());
        List<Recorded> runs = fake.requests("POST /v2/ep-image/run");
        assertEquals(3, runs.size());
        assertTrue(runs.get(2).atMillis() - runs.get(0).atMillis() >= 1900, "waited for Retry-After twice");
    }

    @Test
    void aRunThatTimesOutIsNotSentAgainSinceRunPodMayHaveQueuedIt() {
        fake.script("POST /run", Reply.hang());
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}")));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertFalse(e.retryable(), "not handed to another provider either: the first job may be running");
        assertTrue(e.getMessage().contains("may have queued"), e.getMessage());
        assertEquals(1, fake.requests("POST /v2/ep-image/run").size(), "one /run, no second job");
    }

    @Test
    void aProxyErrorOnRunIsAmbiguousButRunPodsOwnRefusalIsRetried() {
        fake.script("POST /run", Reply.status(504, ""));
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}")));
        assertFalse(e.retryable());
        assertEquals(1, fake.requests("POST /v2/ep-image/run").size());

        fake.script("POST /run", Reply.status(503, "{\"error\":\"busy\"}"));
        ProviderResult result = run(provider, calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}"));
        assertEquals(1, result.outputs().size());
        assertEquals(3, fake.requests("POST /v2/ep-image/run").size(), "the refused /run was sent again");
        assertEquals(1, fake.runs.size(), "one job queued in all");
    }

    @Test
    void persistentFiveHundredsEndAsProviderUnavailable() {
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.script("GET /status", Reply.status(500, "{\"error\":\"internal\"}"), Reply.status(502, ""),
                Reply.status(503, "{\"error\":\"unavailable\"}"));
        ProviderException e = failure(provider.follow(call, job));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void aHangingStatusIsBoundedByTheAttemptTimeout() {
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.script("GET /status", Reply.hang(), Reply.hang(), Reply.hang());
        assertEquals(ErrorCode.TIMEOUT, failure(provider.follow(call, job)).code());
    }

    @Test
    void aJobStillRunningAtTheDeadlineIsCancelledAndEndsAsTimeout() {
        fake.holdInProgress = true;
        ProviderCall call = calls.call(UUID.randomUUID(), TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}",
                Duration.ofMillis(1500));
        ProviderJob job = await(provider.start(call));
        assertEquals(ErrorCode.TIMEOUT, failure(provider.follow(call, job)).code());
        assertEquals(job.jobIds(), fake.cancelled);
    }

    @Test
    void malformedAnswersAreRejections() {
        fake.script("POST /run", Reply.status(200, "{\"status\":\"IN_QUEUE\"}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION,
                "{\"prompt\":\"x\"}"))).code());
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.script("GET /status", Reply.status(200, "not json"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider.follow(call, job)).code());
    }

    @Test
    void aJobGoneAfterItsTtlIsALostJob() {
        fake.holdInProgress = true;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.forget(job.jobIds().get(0));
        ProviderException e = failure(provider.follow(call, job));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("no longer knows job"), e.getMessage());
        assertEquals(1, fake.requests("GET /v2/ep-image/status/" + job.jobIds().get(0)).size(), "a 404 is not retried");
    }

    @Test
    void failedJobsAreTypedFromTheirErrorString() {
        fake.jobError = "{\"error_type\":\"ValueError\",\"error_message\":\"Workflow validation failed: node 4 missing\","
                + "\"error_traceback\":\"Traceback...\"}";
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderException e = failure(provider.start(call).chain(job -> provider.follow(call, job)));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("ValueError: Workflow validation failed"), e.getMessage());
        assertFalse(e.getMessage().contains("Traceback"));

        fake.jobError = "Your request was rejected by the content filter";
        ProviderCall moderated = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        assertEquals(ErrorCode.MODERATION, failure(provider.start(moderated)
                .chain(job -> provider.follow(moderated, job))).code());

        fake.jobError = null;
        fake.endStatus = "TIMED_OUT";
        ProviderCall timedOut = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        assertEquals(ErrorCode.TIMEOUT, failure(provider.start(timedOut).chain(job -> provider.follow(timedOut, job))).code());
    }

    @Test
    void cancelReachesRunPod() {
        fake.holdInProgress = true;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        await(provider.cancel(call, job));
        assertEquals(job.jobIds(), fake.cancelled);
        assertEquals(ErrorCode.CANCELLED, failure(provider.follow(call, job)).code());
        await(provider.cancel(call, new ProviderJob("runpod", List.of("gone"), job.state().deepCopy().put("jobId", "gone"))));
    }

    @Test
    void aFreshAdapterReattachesToAStoredJobAndCompletesIt() throws Exception {
        fake.runMillis = 200;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob stored = JsonCodec.mapper().readValue(JsonCodec.encode(await(provider.start(call))), ProviderJob.class);
        RunPodProvider restarted = provider(settings(Map.of(TaskKind.IMAGE_GENERATION,
                new RunPodSettings.Endpoint("ep-image", RunPodSettings.InputMode.COMFYUI, false)), null,
                Duration.ofMillis(50), false));
        ProviderResult result = await(restarted.follow(call, stored));
        assertEquals(1, result.outputs().size());
    }

    @Test
    void theWebhookWakesTheFollowerWhichConfirmsByReReadingStatus() {
        // A stand-in for this gateway's public endpoint: delivers POST /api/hooks/runpod/{task}/{secret} as the
        // JAX-RS resource does.
        HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
            String[] parts = request.path().split("/");
            boolean woke = parts.length == 6 && webhooks.deliver(UUID.fromString(parts[4]), parts[5]);
            request.response().setStatusCode(woke ? 204 : 404).endAndForget();
        }).listenAndAwait(0, "127.0.0.1");
        try {
            RunPodProvider hooked = provider(settings(Map.of(TaskKind.IMAGE_GENERATION,
                    new RunPodSettings.Endpoint("ep-image", RunPodSettings.InputMode.COMFYUI, false)),
                    "http://127.0.0.1:" + receiver.actualPort(), Duration.ofSeconds(8), false));
            fake.holdInProgress = true;
            ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
            ProviderJob job = await(hooked.start(call));
            String jobId = job.jobIds().get(0);
            String secret = job.state().path("webhookSecret").asText();
            assertEquals("http://127.0.0.1:" + receiver.actualPort() + "/api/hooks/runpod/" + call.taskId() + "/" + secret,
                    fake.runs.get(jobId).getString("webhook"));

            Uni<ProviderResult> followed = hooked.follow(call, job).memoize().indefinitely();
            followed.subscribe().with(r -> { }, f -> { });
            awaitStatusReads(jobId, 1);

            // A webhook with a wrong secret has no effect: no status read, no result.
            assertFalse(webhooks.deliver(call.taskId(), "wrong-secret"));
            // A webhook with the right secret only makes the follower look: the job is still running.
            assertTrue(webhooks.deliver(call.taskId(), secret));
            awaitStatusReads(jobId, 2);

            long before = System.nanoTime();
            fake.finish(jobId);
            ProviderResult result;
            try {
                result = followed.await().atMost(WAIT);
            } catch (RuntimeException e) {
                throw new AssertionError("sent " + fake.webhooksSent + " requests " + fake.requests(), e);
            }
            assertEquals(1, result.outputs().size());
            assertEquals(1, fake.webhooksSent.size());
            assertTrue(Duration.ofNanos(System.nanoTime() - before).toMillis() < 6000,
                    "woken by the webhook, not by the 8 s poll");
            assertEquals(3, fake.requests("GET /v2/ep-image/status/" + jobId).size());
            assertFalse(webhooks.deliver(call.taskId(), secret), "nobody listens once the job is followed to its end");
        } finally {
            receiver.closeAndAwait();
        }
    }

    private void awaitStatusReads(String jobId, int count) {
        long until = System.currentTimeMillis() + 5000;
        while (fake.requests("GET /v2/ep-image/status/" + jobId).size() < count && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        assertEquals(count, fake.requests("GET /v2/ep-image/status/" + jobId).size());
    }

    @Test
    void aStreamingWorkerReportsProgress() {
        RunPodProvider streaming = provider(settings(Map.of(TaskKind.IMAGE_GENERATION,
                new RunPodSettings.Endpoint("ep-image", RunPodSettings.InputMode.COMFYUI, true)), null,
                Duration.ofMillis(40), false));
        fake.runMillis = 300;
        fake.streamed = List.of(new JsonObject().put("progress", 40).put("message", "Sampling step 8 of 20"));
        run(streaming, calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}"));
        assertTrue(calls.progress.stream().anyMatch(p -> p.message().equals("Sampling step 8 of 20")
                && Math.abs(p.fraction() - 0.41) < 0.01), calls.progress.toString());
    }

    @Test
    void probeUsesHealthAndAnUnconfiguredProviderSaysSo() {
        ProviderHealth health = await(provider.probe());
        assertTrue(health.reachable());
        assertNotNull(health.latencyMs());
        assertEquals(1, fake.requests("GET /v2/ep-image/health").size());

        RunPodProvider none = provider(settings(Map.of(), null, Duration.ofMillis(50), false));
        assertFalse(none.configured());
        assertFalse(await(none.probe()).configured());
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider.start(calls.call(TaskKind.VIDEO_GENERATION,
                "{\"prompt\":\"x\"}"))).code());
    }
}
