package io.clipizy.gateway.provider.sora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
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

/** The Videos API (Sora 2) adapter against a fake of the API: create, poll as told, download, remix, delete. */
class OpenAiVideosProviderTest {
    @TempDir
    Path dir;
    FakeOpenAiVideos fake;
    TestCalls calls;

    @BeforeEach
    void start() {
        fake = new FakeOpenAiVideos("sk-video");
        calls = new TestCalls(dir);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    OpenAiVideosProvider videos(Duration pollInterval) {
        return new OpenAiVideosProvider(new VideoSettings("openai-videos", fake.baseUrl(), "sk-video", false, null, "sora-2",
                pollInterval, true, TestCalls.GUARD, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
    }

    OpenAiVideosProvider videos() {
        return videos(Duration.ofSeconds(30));
    }

    ProviderResult run(OpenAiVideosProvider provider, ProviderCall call) {
        return provider.start(call).chain(job -> provider.follow(call, job)).await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void aVideoIsCreatedWithSecondsAsAStringPolledAsToldDownloadedAndDeleted() throws Exception {
        fake.pollAfter(250);
        OpenAiVideosProvider provider = videos(Duration.ofMillis(10));
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a lighthouse in a storm\",\"seconds\":6,\"aspectRatio\":\"16:9\"}");
        ProviderJob job = provider.start(call).await().atMost(Duration.ofSeconds(5));
        String id = job.jobIds().get(0);
        ObjectNode sent = fake.createdWith(id);
        assertEquals("8", sent.get("seconds").asText());
        assertTrue(sent.get("seconds").isTextual(), "seconds is a string in this API");
        assertEquals("1280x720", sent.get("size").asText());
        assertEquals("sora-2", sent.get("model").asText());

        ProviderResult result = provider.follow(call, job).await().atMost(Duration.ofSeconds(20));
        assertArrayEquals(FakeSoraJobs.MP4, Files.readAllBytes(result.outputs().get(0).file()));
        assertEquals("video/mp4", result.outputs().get(0).contentType());
        assertEquals("8", result.result().get("seconds").asText());
        List<Long> polls = fake.pollTimes(id);
        assertTrue(polls.size() >= 3, "polled until completed: " + polls.size());
        for (int i = 1; i < polls.size(); i++) {
            long gapMs = (polls.get(i) - polls.get(i - 1)) / 1_000_000;
            assertTrue(gapMs >= 240, "openai-poll-after-ms (250) honoured over the 10 ms interval: " + gapMs);
        }
        assertTrue(calls.messages.stream().anyMatch(m -> m.equals("Sora is generating the video (33%)")), calls.messages.toString());
        assertTrue(fake.deleted(id), "deleted once downloaded");
        assertEquals("variant=video", fake.seen("GET", "/videos/" + id + "/content").get(0).query());
    }

    @Test
    void aShortPollHintIsFollowedInsteadOfALongInterval() {
        fake.pollAfter(20);
        ProviderResult result = run(videos(Duration.ofSeconds(30)),
                calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\",\"seconds\":4,\"aspectRatio\":\"9:16\"}"));
        assertEquals(1, result.outputs().size(), "done in well under one 30 s interval");
    }

    @Test
    void variantsAreSeparateVideosEachDownloaded() {
        ProviderResult result = run(videos(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\",\"n_variants\":2}"));
        assertEquals(2, result.outputs().size());
        assertEquals(2, fake.seen("POST", "/videos").size());
        assertEquals(2, result.result().get("variants").asInt());
    }

    @Test
    void aVideoKeptForRemixCanBeRemixedAndIsNotDeleted() {
        ProviderResult first = run(videos(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\",\"keepForRemix\":true}"));
        String original = first.result().at("/providerVideoIds/0").asText();
        assertFalse(fake.deleted(original));

        ProviderResult remix = run(videos(), calls.call(TaskKind.VIDEO_GENERATION,
                "{\"prompt\":\"the same fox, now at night\",\"remixOf\":\"" + original + "\"}"));
        assertEquals(1, remix.outputs().size());
        assertEquals("{\"prompt\":\"the same fox, now at night\"}", fake.seen("POST", "/videos/" + original + "/remix").get(0).text());
        assertFalse(remix.result().has("providerVideoIds"));

        ProviderException gone = assertThrows(ProviderException.class, () -> run(videos(), calls.call(TaskKind.VIDEO_GENERATION,
                "{\"prompt\":\"again\",\"remixOf\":\"video_unknown\"}")));
        assertEquals(ErrorCode.PROVIDER_REJECTED, gone.code());
    }

    @Test
    void anImageGoesAsTheInputReference() throws Exception {
        UUID image = calls.addMedia(TestCalls.png(), MediaKind.IMAGE, "image/png", "still.png");
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"it moves\",\"image\":\"" + image + "\",\"width\":720,\"height\":1280}");
        ProviderJob job = videos().start(call).await().atMost(Duration.ofSeconds(5));
        ObjectNode sent = fake.createdWith(job.jobIds().get(0));
        assertArrayEquals(TestCalls.png(), Base64.getDecoder().decode(sent.at("/input_reference/base64").asText()));
        assertEquals("4", sent.get("seconds").asText());
        assertEquals("720x1280", sent.get("size").asText());
    }

    @Test
    void aBlockedVideoIsModeration() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> run(videos(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"something nobody may see\"}")));
        assertEquals(ErrorCode.MODERATION, e.code());
    }

    @Test
    void serverErrorsOnCreateAreRetriedThenEndAsProviderUnavailable() {
        fake.failCreates(2);
        assertEquals(1, run(videos(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}")).outputs().size());
        fake.failCreates(10);
        ProviderException e = assertThrows(ProviderException.class,
                () -> run(videos(), calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}")));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
    }

    @Test
    void cancelDeletesAndAFreshInstanceReattaches() {
        ProviderCall call = calls.call(TaskKind.VIDEO_GENERATION, "{\"prompt\":\"a fox\"}");
        ProviderJob job = videos().start(call).await().atMost(Duration.ofSeconds(5));
        ProviderJob stored = JsonCodec.decode(JsonCodec.encode(job), ProviderJob.class);
        assertEquals("openai-videos", stored.state().get("api").asText());
        assertFalse(JsonCodec.encode(stored).contains("sk-video"));
        ProviderResult result = videos().follow(call, stored).await().atMost(Duration.ofSeconds(20));
        assertEquals(1, result.outputs().size());

        ProviderJob other = videos().start(call).await().atMost(Duration.ofSeconds(5));
        videos().cancel(call, other).await().atMost(Duration.ofSeconds(5));
        assertTrue(fake.deleted(other.jobIds().get(0)));
        assertEquals(1, fake.seen("DELETE", "/videos/" + other.jobIds().get(0)).size());
    }

    @Test
    void parametersTheApiCannotHonourAreInvalidInput() {
        for (String params : List.of("{\"prompt\":\"x\",\"seconds\":20}", "{\"prompt\":\"x\",\"aspectRatio\":\"1:1\"}",
                "{\"prompt\":\"x\",\"width\":1920,\"height\":1080}", "{\"prompt\":\"x\",\"n_variants\":2,\"remixOf\":\"video_1\"}",
                "{\"prompt\":\"x\",\"remixOf\":\"../../admin\"}")) {
            ProviderException e = assertThrows(ProviderException.class, () -> run(videos(), calls.call(TaskKind.VIDEO_GENERATION, params)));
            assertEquals(ErrorCode.INVALID_INPUT, e.code(), params);
        }
        assertTrue(fake.seen("POST", "/videos").isEmpty());
    }
}
