package io.clipizy.gateway.provider.sora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.llm.ApiHttp;
import io.clipizy.gateway.provider.llm.TestCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure Sora preview jobs adapter against a fake of that API: the whole job life, its failures and re-attaching. */
class SoraJobsProviderTest {
    @TempDir
    Path dir;
    FakeSoraJobs fake;
    TestCalls calls;

    @BeforeEach
    void start() {
        fake = new FakeSoraJobs("azure-sora-key");
        calls = new TestCalls(dir);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    SoraJobsProvider sora(String key) {
        return new SoraJobsProvider(new VideoSettings("sora", fake.baseUrl(), key, true, "preview", "sora", Duration.ofMillis(10),
                true, TestCalls.GUARD, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
    }

    SoraJobsProvider sora() {
        return sora("azure-sora-key");
    }

    ProviderResult run(SoraJobsProvider provider, ProviderCall call) {
        return provider.start(call).chain(job -> provider.follow(call, job)).await().atMost(Duration.ofSeconds(20));
    }

    ProviderException failure(SoraJobsProvider provider, ProviderCall call) {
        return assertThrows(ProviderException.class, () -> run(provider, call));
    }

    @Test
    void aJobIsCreatedPolledDownloadedIntoTheWorkDirAndThenDeleted() throws Exception {
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION,
                "{\"prompt\":\"a paper boat drifting down a rainy street\",\"seconds\":6,\"aspectRatio\":\"9:16\",\"n_variants\":2}");
        SoraJobsProvider provider = sora();
        ProviderJob job = provider.start(call).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of("task_01jr1x6q1efzrmkk7g9bk3"), job.jobIds());
        assertFalse(job.state().toString().contains("azure-sora-key"), "the job state never holds the key");
        ObjectNode sent = fake.createdWith(job.jobIds().get(0));
        assertEquals("sora", sent.get("model").asText());
        assertEquals(720, sent.get("width").asInt());
        assertEquals(1280, sent.get("height").asInt());
        assertEquals(6, sent.get("n_seconds").asInt());
        assertTrue(sent.get("n_seconds").isInt(), "n_seconds is a number in this API");
        assertEquals(2, sent.get("n_variants").asInt());

        ProviderResult result = provider.follow(call, job).await().atMost(Duration.ofSeconds(20));
        assertEquals(2, result.outputs().size());
        for (ProviderResult.Output output : result.outputs()) {
            assertEquals(MediaKind.VIDEO, output.kind());
            assertEquals("video/mp4", output.contentType());
            assertTrue(output.file().startsWith(dir), "downloaded into the work dir");
            assertArrayEquals(FakeSoraJobs.MP4, Files.readAllBytes(output.file()));
        }
        assertEquals(720, result.result().get("width").asInt());
        assertFalse(result.result().toString().contains("http"), "no provider URL in the result");
        assertTrue(fake.deleted(job.jobIds().get(0)), "the job is deleted once its videos are ours");
        assertTrue(calls.messages.contains("Waiting in Sora's queue"), calls.messages.toString());
        assertTrue(calls.messages.contains("Sora is generating the video"));
        assertTrue(calls.messages.contains("Downloading video 2 of 2"));
        assertEquals(1.0, calls.progress.get(calls.progress.size() - 1));
        assertTrue(fake.seen("GET", "/video/generations/jobs/").size() >= 5, "polled through every status");
        assertTrue(fake.seen("GET", "/video/generations/jobs/").stream().allMatch(s -> "azure-sora-key".equals(s.header("api-key"))));
    }

    @Test
    void anImageStartsTheVideoThroughAMultipartRequest() throws Exception {
        UUID image = calls.addMedia(TestCalls.png(), MediaKind.IMAGE, "image/png", "still.png");
        ProviderResult result = run(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"the still comes alive\",\"image\":\""
                + image + "\",\"aspectRatio\":\"1:1\",\"resolution\":\"1080p\",\"motion\":\"zoom-in\",\"loop\":true}"));
        assertEquals(1, result.outputs().size());
        ObjectNode sent = fake.createdWith("task_01jr1x6q1efzrmkk7g9bk3");
        assertArrayEquals(TestCalls.png(), Base64.getDecoder().decode(sent.at("/files/base64").asText()));
        assertEquals("image/png", sent.at("/files/contentType").asText());
        JsonNode inpaint = JsonCodec.decode(sent.get("inpaint_items").asText(), JsonNode.class);
        assertEquals(0, inpaint.at("/0/frame_index").asInt());
        assertEquals(sent.at("/files/filename").asText(), inpaint.at("/0/file_name").asText());
        assertEquals("1080", sent.get("width").asText());
        assertTrue(sent.get("prompt").asText().startsWith("the still comes alive The camera pushes in"), sent.get("prompt").asText());
        assertTrue(sent.get("prompt").asText().contains("loops seamlessly"));
    }

    @Test
    void aModeratedJobAndAModeratedRequestAreModeration() {
        fake.plan(FakeSoraJobs.Plan.failsWith("input_moderation"));
        ProviderException e = failure(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"something the filter dislikes\"}"));
        assertEquals(ErrorCode.MODERATION, e.code());
        assertTrue(e.getMessage().contains("input_moderation"));

        ProviderException refused = failure(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"blocked at the door\"}"));
        assertEquals(ErrorCode.MODERATION, refused.code(), refused.getMessage());
        assertEquals(2, fake.seen("POST", "/video/generations/jobs").size(), "moderation is not retried");
    }

    @Test
    void anInternalErrorIsRetryableUnavailabilityAndOtherFailuresAreRejections() {
        fake.plan(FakeSoraJobs.Plan.failsWith("internal_error"));
        ProviderException e = failure(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertTrue(e.retryable());
    }

    @Test
    void contentThatExpiredBeforeTheDownloadIsATypedRejection() {
        fake.plan(FakeSoraJobs.Plan.expiresBeforeDownload());
        ProviderException e = failure(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aLostJobIsARejection() {
        SoraJobsProvider provider = sora();
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}");
        ProviderJob job = provider.start(call).await().atMost(Duration.ofSeconds(5));
        provider.cancel(call, job).await().atMost(Duration.ofSeconds(5));
        ProviderException e = assertThrows(ProviderException.class, () -> provider.follow(call, job).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
    }

    @Test
    void cancellingDeletesTheJobAtTheProviderAndIsQuietForOneAlreadyGone() {
        SoraJobsProvider provider = sora();
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}");
        ProviderJob job = provider.start(call).await().atMost(Duration.ofSeconds(5));
        provider.cancel(call, job).await().atMost(Duration.ofSeconds(5));
        assertTrue(fake.deleted(job.jobIds().get(0)));
        assertEquals(1, fake.seen("DELETE", "/video/generations/jobs/" + job.jobIds().get(0)).size());
        provider.cancel(call, job).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aFreshInstanceReattachesToAStoredJob() throws Exception {
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox in the snow\"}");
        ProviderJob started = sora().start(call).await().atMost(Duration.ofSeconds(5));
        ProviderJob stored = JsonCodec.decode(JsonCodec.encode(started), ProviderJob.class);

        ProviderResult result = sora().follow(call, stored).await().atMost(Duration.ofSeconds(20));
        assertArrayEquals(FakeSoraJobs.MP4, Files.readAllBytes(result.outputs().get(0).file()));

        SoraJobsProvider elsewhere = new SoraJobsProvider(new VideoSettings("sora", "https://other.openai.azure.com/openai/v1",
                "k", true, "preview", "sora", Duration.ofMillis(10), true, TestCalls.GUARD, TestCalls.GUARD),
                ApiHttp.newClient(Duration.ofSeconds(2)));
        ProviderException e = assertThrows(ProviderException.class, () -> elsewhere.follow(call, stored).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("no longer the configured"), e.getMessage());
    }

    @Test
    void throttledPollsAreRetriedAndTheJobCarriesOn() {
        fake.throttlePolls(2);
        ProviderResult result = run(sora(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}"));
        assertEquals(1, result.outputs().size());
    }

    @Test
    void badParametersAreInvalidInputAndNothingIsCreated() {
        for (String params : List.of("{}", "{\"prompt\":\"x\",\"seconds\":25}", "{\"prompt\":\"x\",\"width\":1000,\"height\":1000}",
                "{\"prompt\":\"x\",\"n_variants\":9}", "{\"prompt\":\"x\",\"remixOf\":\"video_123\"}", "{\"prompt\":\"x\",\"aspectRatio\":\"4:3\"}",
                "{\"prompt\":\"x\",\"motion\":\"spin-wildly\"}", "{\"prompt\":\"x\",\"image\":\"" + UUID.randomUUID() + "\"}")) {
            ProviderException e = failure(sora(), calls.call(TaskKind.VIDEO_GENERATION, params));
            assertEquals(ErrorCode.INVALID_INPUT, e.code(), params + ": " + e.getMessage());
        }
        assertTrue(fake.seen("POST", "/video/generations/jobs").isEmpty());
    }

    @Test
    void aWrongKeyIsARejectionAndTheProbeReportsIt() {
        ProviderException e = failure(sora("k-3f9a"), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertFalse(e.getMessage().contains("k-3f9a"), e.getMessage());
        ProviderHealth ok = sora().probe().await().atMost(Duration.ofSeconds(5));
        assertTrue(ok.reachable());
        ProviderHealth refused = sora("k-3f9a").probe().await().atMost(Duration.ofSeconds(5));
        assertFalse(refused.reachable());
        assertFalse(new SoraJobsProvider(new VideoSettings("sora", fake.baseUrl(), null, true, "preview", "sora", Duration.ofSeconds(1),
                true, TestCalls.GUARD, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(1))).configured(), "needs its key");
    }
}
