package io.clipizy.gateway.provider.comfyui;

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
import io.clipizy.gateway.provider.fakes.FakeComfyUi;
import io.clipizy.gateway.provider.fakes.Media;
import io.clipizy.gateway.provider.fakes.Recorded;
import io.clipizy.gateway.provider.fakes.Reply;
import io.clipizy.gateway.provider.fakes.TestCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
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

/** The ComfyUI adapter against a fake ComfyUI server that speaks its HTTP and WebSocket API, failure modes included. */
class ComfyUiProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static GraphTemplates templates;

    @TempDir
    Path dir;
    private FakeComfyUi fake;
    private TestCalls calls;
    private ComfyUiProvider provider;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
        templates = GraphTemplates.load(ComfyUiProviderTest.class.getClassLoader(), Map.of());
    }

    @AfterAll
    static void closeVertx() {
        vertx.closeAndAwait();
    }

    @BeforeEach
    void start() {
        fake = new FakeComfyUi();
        calls = new TestCalls(dir);
        provider = provider(fake.url(), null);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static ComfyUiSettings settings(String url, String token) {
        ProviderGuard.Settings guard = ProviderGuard.Settings.defaults()
                .withRetries(2, Duration.ofMillis(20), Duration.ofSeconds(1))
                .withAttemptTimeout(Duration.ofMillis(800));
        return new ComfyUiSettings(Optional.ofNullable(url), Optional.ofNullable(token), guard, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(5), Map.of());
    }

    private static ComfyUiProvider provider(String url, String token) {
        return new ComfyUiProvider(vertx, WebClient.create(vertx), settings(url, token), templates);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static ProviderException failure(Uni<?> uni) {
        return assertThrows(ProviderException.class, () -> uni.await().atMost(WAIT));
    }

    private ProviderResult run(ProviderCall call) {
        return await(provider.start(call).chain(job -> provider.follow(call, job)));
    }

    /** Follows a held job and releases it once the follower's socket is open, so the execution goes over the socket. */
    private ProviderResult followOnceListening(ProviderCall call, ProviderJob job) {
        Uni<ProviderResult> followed = provider.follow(call, job).memoize().indefinitely();
        followed.subscribe().with(r -> { }, f -> { });
        long until = System.currentTimeMillis() + 10_000;
        while (!fake.socketOpen("clipizy-" + call.taskId()) && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        fake.release();
        return await(followed);
    }

    @Test
    void textToImageRunsWithLiveProgressAndDownloadsThePicture() throws Exception {
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION,
                "{\"prompt\":\"a red fox in the snow\",\"style\":\"Cinematic\",\"aspectRatio\":\"16:9\"}");
        fake.holdRunning = true;
        ProviderJob job = await(provider.start(call));
        assertEquals(List.of(call.taskId().toString()), job.jobIds());

        JsonObject sent = fake.submitted.get(call.taskId().toString());
        assertEquals("clipizy-" + call.taskId(), sent.getString("client_id"));
        JsonObject graph = sent.getJsonObject("prompt");
        assertEquals("a red fox in the snow, cinematic style", graph.getJsonObject("6").getJsonObject("inputs").getString("text"));
        JsonObject latent = graph.getJsonObject("5").getJsonObject("inputs");
        assertTrue(latent.getInteger("width") > latent.getInteger("height"));
        assertEquals(0, latent.getInteger("width") % 32);
        assertFalse(graph.encode().contains("{{"), "every slot is filled");

        ProviderResult result = followOnceListening(call, job);
        assertEquals(1, result.outputs().size());
        ProviderResult.Output output = result.outputs().get(0);
        assertEquals(MediaKind.IMAGE, output.kind());
        assertEquals("image/png", output.contentType());
        assertTrue(output.file().startsWith(call.workDir()));
        assertArrayEquals(Media.png(), Files.readAllBytes(output.file()));
        assertFalse(result.result().toString().contains(fake.url()), "no provider URL in the result");

        assertTrue(calls.progress.stream().anyMatch(p -> p.message().equals("Generating: step 3 of 3")),
                "sampler steps reach the progress: " + calls.progress);
        double last = -1;
        for (TestCalls.Progress p : calls.progress) {
            assertTrue(p.fraction() >= last, "progress never goes back: " + calls.progress);
            last = p.fraction();
        }
        assertEquals(1.0, last);
    }

    @Test
    void anImageEditUploadsItsReferencesAndDropsTheUnusedReferenceNodes() {
        UUID first = calls.media(MediaKind.IMAGE, "image/png", Media.png(), "png");
        UUID second = calls.media(MediaKind.IMAGE, "image/png", Media.png(), "png");
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION,
                "{\"prompt\":\"put the hat on the cat\",\"references\":[\"" + first + "\",\"" + second + "\"]}");
        ProviderResult result = run(call);

        assertEquals(2, fake.requests("POST /upload/image").size());
        assertEquals(2, fake.uploads.size());
        JsonObject graph = fake.submitted.get(call.taskId().toString()).getJsonObject("prompt");
        assertTrue(graph.containsKey("10") && graph.containsKey("11"));
        assertFalse(graph.containsKey("12"), "the third reference's loader is dropped");
        JsonObject encode = graph.getJsonObject("20").getJsonObject("inputs");
        assertTrue(encode.containsKey("image2"));
        assertFalse(encode.containsKey("image3"));
        assertTrue(fake.uploads.containsKey(graph.getJsonObject("10").getJsonObject("inputs").getString("image")));
        assertEquals(MediaKind.IMAGE, result.outputs().get(0).kind());
    }

    @Test
    void imageToVideoTurnsSecondsIntoFramesAndAnswersAVideo() {
        UUID image = calls.media(MediaKind.IMAGE, "image/png", Media.png(), "png");
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION,
                "{\"image\":\"" + image + "\",\"prompt\":\"slow push in\",\"seconds\":5}");
        ProviderResult result = run(call);
        JsonObject latent = fake.submitted.get(call.taskId().toString()).getJsonObject("prompt").getJsonObject("7")
                .getJsonObject("inputs");
        assertEquals(121, latent.getInteger("length"));
        assertEquals(MediaKind.VIDEO, result.outputs().get(0).kind());
        assertEquals("video/mp4", result.outputs().get(0).contentType());
    }

    @Test
    void musicForAVideoRunsVideoToAudio() {
        UUID video = calls.media(MediaKind.VIDEO, "video/mp4", Media.mp4(), "mp4");
        ProviderCall call = calls.call(TaskKind.MUSIC_GENERATION,
                "{\"video\":\"" + video + "\",\"prompt\":\"rain on a tin roof\",\"seconds\":6}");
        ProviderResult result = run(call);
        assertEquals(MediaKind.AUDIO, result.outputs().get(0).kind());
        assertEquals("audio/flac", result.outputs().get(0).contentType());
        assertEquals("video-to-audio.v1", result.result().path("template").asText());
    }

    @Test
    void aMediaInputOfTheWrongKindIsInvalidInputAndNothingIsQueued() {
        UUID notAnImage = calls.media(MediaKind.AUDIO, "audio/flac", Media.flac(), "flac");
        ProviderException e = failure(provider.start(calls.call(TaskKind.VIDEO_GENERATION,
                "{\"image\":\"" + notAnImage + "\"}")));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        ProviderException noImage = failure(provider.start(calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"x\"}")));
        assertEquals(ErrorCode.INVALID_INPUT, noImage.code());
        assertTrue(fake.requests("POST /prompt").isEmpty());
    }

    @Test
    void aBurstOf429IsRetriedHonouringRetryAfterThenSucceeds() {
        fake.script("POST /prompt", Reply.tooManyRequests("1"), Reply.tooManyRequests("1"));
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"a lighthouse\"}");
        ProviderResult result = run(call);
        assertEquals(1, result.outputs().size());
        List<Recorded> prompts = fake.requests("POST /prompt");
        assertEquals(3, prompts.size());
        assertTrue(prompts.get(1).atMillis() - prompts.get(0).atMillis() >= 950, "waited for Retry-After");
        assertTrue(prompts.get(2).atMillis() - prompts.get(1).atMillis() >= 950, "waited for Retry-After");
    }

    @Test
    void fiveHundredsAreRetriedThenEndAsProviderUnavailable() {
        fake.script("POST /prompt", Reply.status(503, "{\"error\":\"overloaded\"}"),
                Reply.status(502, "bad gateway"), Reply.status(500, "{\"error\":\"boom\"}"));
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}")));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertEquals(3, fake.requests("POST /prompt").size());
    }

    @Test
    void aHangingServerIsBoundedByTheAttemptTimeout() {
        fake.refuseSockets = true;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.script("GET /history", Reply.hang(), Reply.hang(), Reply.hang());
        long started = System.nanoTime();
        ProviderException e = failure(provider.follow(call, job));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15);
    }

    @Test
    void aJobStillRunningAtTheDeadlineEndsAsTimeout() {
        fake.holdRunning = true;
        ProviderCall call = calls.call(UUID.randomUUID(), TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}",
                Duration.ofMillis(1500));
        ProviderException e = failure(provider.start(call).chain(job -> provider.follow(call, job)));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        fake.release();
    }

    @Test
    void aMalformedAnswerIsARejectionNotARetry() {
        fake.script("POST /prompt", Reply.status(200, "<html>proxy error</html>"));
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}")));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertEquals(1, fake.requests("POST /prompt").size());

        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.script("GET /history", Reply.status(200, "[1,2"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider.follow(call, job)).code());
    }

    @Test
    void aWebSocketDroppedMidJobFallsBackToHistoryAndStillSucceeds() {
        fake.dropSocketAfter = 4;
        fake.stepMillis = 40;
        fake.holdRunning = true;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"a harbour at dawn\"}");
        ProviderResult result = followOnceListening(call, await(provider.start(call)));
        assertEquals(MediaKind.IMAGE, result.outputs().get(0).kind());
        assertFalse(fake.socketOpen("clipizy-" + call.taskId()), "the socket was dropped");
        assertTrue(fake.requestsUnder("GET /history/").size() >= 2, "history was polled after the drop");
    }

    @Test
    void withoutAnySocketTheJobIsFollowedByPollingHistory() {
        fake.refuseSockets = true;
        ProviderResult result = run(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"polled\"}"));
        assertEquals(1, result.outputs().size());
    }

    @Test
    void nodeErrorsOnTheTasksOwnParametersAreInvalidInput() {
        fake.nodeErrors = new JsonObject("{\"5\":{\"class_type\":\"EmptyLatentImage\",\"dependent_outputs\":[\"9\"],"
                + "\"errors\":[{\"type\":\"value_bigger_than_max\",\"message\":\"Value 2048 bigger than max of 1536\","
                + "\"details\":\"width\",\"extra_info\":{\"input_name\":\"width\"}}]}}");
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION,
                "{\"prompt\":\"x\",\"width\":2048,\"height\":1024}")));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("width"), e.getMessage());
    }

    @Test
    void nodeErrorsAboutTheServerAreRejections() {
        fake.nodeErrors = new JsonObject("{\"4\":{\"class_type\":\"CheckpointLoaderSimple\",\"dependent_outputs\":[\"9\"],"
                + "\"errors\":[{\"type\":\"value_not_in_list\",\"message\":\"Value not in list\","
                + "\"details\":\"ckpt_name: 'sd_xl_base_1.0.safetensors' not in []\","
                + "\"extra_info\":{\"input_name\":\"ckpt_name\"}}]}}");
        ProviderException e = failure(provider.start(calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}")));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("clipizy.providers.comfyui.models"), e.getMessage());
    }

    @Test
    void aSafetyCheckerRefusalIsModerationAndOtherExecutionErrorsAreRejections() {
        fake.executionError = new JsonObject().put("exception_message", "Image was flagged as NSFW by the safety checker")
                .put("exception_type", "ValueError");
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderException moderated = failure(provider.start(call).chain(job -> provider.follow(call, job)));
        assertEquals(ErrorCode.MODERATION, moderated.code());

        fake.executionError = new JsonObject().put("exception_message", "mat1 and mat2 shapes cannot be multiplied")
                .put("exception_type", "RuntimeError");
        ProviderCall other = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderException rejected = failure(provider.start(other).chain(job -> provider.follow(other, job)));
        assertEquals(ErrorCode.PROVIDER_REJECTED, rejected.code());
        assertTrue(rejected.getMessage().contains("KSampler"), rejected.getMessage());
    }

    @Test
    void cancelDeletesAWaitingPromptAndInterruptsARunningOne() {
        fake.holdRunning = true;
        ProviderCall first = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"first\"}");
        ProviderCall second = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"second\"}");
        ProviderJob running = await(provider.start(first));
        ProviderJob waiting = await(provider.start(second));

        await(provider.cancel(second, waiting));
        assertEquals(List.of(second.taskId().toString()), fake.deleted);

        Uni<ProviderResult> followed = provider.follow(first, running);
        await(provider.cancel(first, running));
        assertEquals(List.of(first.taskId().toString()), fake.interrupted);
        assertEquals(ErrorCode.CANCELLED, failure(followed).code());
    }

    @Test
    void aFreshAdapterReattachesToAStoredJobAndCompletesIt() throws Exception {
        fake.stepMillis = 60;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"after the restart\"}");
        ProviderJob started = await(provider.start(call));
        ProviderJob stored = JsonCodec.mapper().readValue(JsonCodec.encode(started), ProviderJob.class);

        ComfyUiProvider restarted = provider(fake.url(), null);
        ProviderResult result = await(restarted.follow(call, stored));
        assertEquals(1, result.outputs().size());
        assertTrue(Files.size(result.outputs().get(0).file()) > 0);
    }

    @Test
    void aPromptTheServerForgotIsALostJob() {
        fake.holdRunning = true;
        ProviderCall call = calls.call(TaskKind.IMAGE_GENERATION, "{\"prompt\":\"x\"}");
        ProviderJob job = await(provider.start(call));
        fake.restart();
        ProviderException e = failure(provider.follow(call, job));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("no longer has"), e.getMessage());
    }

    @Test
    void probeReportsReachabilityAndLatencyWithoutSecrets() {
        fake.requiredToken = "pod-s3cret";
        ProviderHealth healthy = await(provider(fake.url(), "pod-s3cret").probe());
        assertTrue(healthy.configured() && healthy.reachable());
        assertNotNull(healthy.latencyMs());
        assertEquals("Bearer pod-s3cret", fake.requests("GET /system_stats").get(0).authorization());

        ProviderHealth refused = await(provider(fake.url(), null).probe());
        assertTrue(refused.configured());
        assertFalse(refused.reachable());
        assertTrue(refused.lastError().contains("credentials"), refused.lastError());

        ProviderHealth down = await(provider("http://127.0.0.1:1", "pod-s3cret").probe());
        assertFalse(down.reachable());
        assertFalse(down.lastError().contains("pod-s3cret"));

        ComfyUiProvider absent = provider(null, null);
        assertFalse(absent.configured());
        assertFalse(await(absent.probe()).configured());
    }
}
