package io.clipizy.gateway.provider.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ollama adapter against a fake Ollama: answers, JSON and schema modes, vision, streams and every failure mode. */
class OllamaProviderTest {
    static final String SCENE_SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["scenes"],
             "properties":{"scenes":{"type":"array","minItems":1,"items":{"type":"object","required":["prompt","start","end"],
               "properties":{"prompt":{"type":"string","minLength":3},"start":{"type":"number","minimum":0},
                             "end":{"type":"number","minimum":0},"section":{"type":"string"}}}}}}""";
    static final String VALID_SCENES = "{\"scenes\":[{\"start\":0,\"end\":12.5,\"section\":\"A\","
            + "\"prompt\":\"a lighthouse at dawn, wide shot, soft pastel light\"}]}";

    @TempDir
    Path dir;
    FakeOllama fake;
    TestCalls calls;

    @BeforeEach
    void start() {
        fake = new FakeOllama("mistral:7b", "llava:13b");
        calls = new TestCalls(dir);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    OllamaProvider provider(boolean stream, ProviderGuard.Settings guard) {
        return new OllamaProvider(new ChatSettings("ollama", fake.url(), null, false, null, "mistral:7b", "llava:13b", stream,
                "5m", guard), ApiHttp.newClient(Duration.ofSeconds(2)));
    }

    OllamaProvider provider() {
        return provider(true, TestCalls.GUARD);
    }

    static ProviderResult run(OllamaProvider provider, ProviderCall call) {
        return provider.start(call).chain(job -> provider.follow(call, job)).await().atMost(Duration.ofSeconds(20));
    }

    static ProviderException failure(OllamaProvider provider, ProviderCall call) {
        return assertThrows(ProviderException.class, () -> run(provider, call));
    }

    @Test
    void aStreamedTextAnswerArrivesWholeWithProgressWhileTokensArrive() {
        String words = "Neon rain falls on the empty boulevard while the bass line rolls. ".repeat(4).strip();
        fake.script.then(new Scripted.Answer(words));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Describe the opening shot\",\"system\":\"You are a director.\",\"temperature\":0.4,\"seed\":7}"));

        assertEquals(words, result.result().get("text").asText());
        assertEquals("ollama", result.result().get("provider").asText());
        assertEquals("mistral:7b", result.result().get("model").asText());
        assertFalse(result.result().has("json"));
        assertTrue(result.outputs().isEmpty());
        JsonNode sent = fake.chats().get(0).json();
        assertEquals("system", sent.at("/messages/0/role").asText());
        assertEquals("You are a director.", sent.at("/messages/0/content").asText());
        assertEquals("Describe the opening shot", sent.at("/messages/1/content").asText());
        assertEquals(0.4, sent.at("/options/temperature").asDouble());
        assertEquals(7, sent.at("/options/seed").asInt());
        assertEquals("5m", sent.get("keep_alive").asText());
        assertTrue(sent.get("stream").asBoolean());
        assertFalse(sent.has("format"));
        assertTrue(calls.messages.contains("The model is writing"), calls.messages.toString());
        assertTrue(calls.messages.stream().anyMatch(m -> m.startsWith("Writing the answer (16 tokens")), calls.messages.toString());
        assertEquals(1.0, calls.progress.get(calls.progress.size() - 1));
    }

    @Test
    void jsonModeSendsFormatJsonAndReturnsTheParsedObject() {
        fake.script.then(new Scripted.Answer("{\"title\": \"Night Drive\", \"lyrics\": \"[Instrumental]\"}"));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Name the song\",\"json\":true}"));

        assertEquals("json", fake.chats().get(0).json().get("format").asText());
        assertEquals("Night Drive", result.result().at("/json/title").asText());
        assertTrue(fake.chats().get(0).json().at("/messages/0/content").asText().contains("one JSON object"));
    }

    @Test
    void schemaModeSendsTheSchemaAsFormatAndValidatesTheAnswer() {
        fake.script.then(new Scripted.Answer(VALID_SCENES));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Plan the scenes\",\"outputSchema\":" + SCENE_SCHEMA + "}"));

        assertEquals(JsonCodec.decode(SCENE_SCHEMA, JsonNode.class), fake.chats().get(0).json().get("format"));
        assertEquals(JsonCodec.decode(VALID_SCENES, JsonNode.class), result.result().get("json"));
        assertFalse(result.result().has("jsonProblems"));
    }

    @Test
    void anAnswerWrappedInThinkingAndAFenceIsStillRead() {
        String answer = "<think>\nThe user wants scenes. Maybe {draft} first...\n</think>\nHere is the plan:\n```json\n"
                + VALID_SCENES + "\n```\nEnjoy!";
        fake.script.then(new Scripted.Answer(answer));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Plan the scenes\",\"outputSchema\":" + SCENE_SCHEMA + "}"));

        assertEquals(JsonCodec.decode(VALID_SCENES, JsonNode.class), result.result().get("json"));
        String text = result.result().get("text").asText();
        assertFalse(text.contains("<think>") || text.contains("Maybe {draft}"), text);
        assertTrue(text.startsWith("Here is the plan:"), text);
    }

    @Test
    void anAnswerThatBreaksTheSchemaKeepsItsTextButNoJsonAndSaysWhy() {
        fake.script.then(new Scripted.Answer("{\"scenes\":[{\"start\":0,\"prompt\":\"ok\"}]}"));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Plan the scenes\",\"outputSchema\":" + SCENE_SCHEMA + "}"));

        assertNull(result.result().get("json"));
        assertEquals("{\"scenes\":[{\"start\":0,\"prompt\":\"ok\"}]}", result.result().get("text").asText());
        String problems = result.result().get("jsonProblems").toString();
        assertTrue(problems.contains("end") && problems.contains("required"), problems);
        assertTrue(problems.contains("prompt"), "the too-short prompt is named too: " + problems);
    }

    @Test
    void anAnswerWithNoJsonAtAllSaysSo() {
        fake.script.then(new Scripted.Answer("I cannot do that, but here are some ideas: a beach, a city."));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\",\"json\":true}"));
        assertNull(result.result().get("json"));
        assertTrue(result.result().get("jsonProblems").get(0).asText().contains("no JSON object"));
    }

    @Test
    void visionSendsTheImageAsBase64WithTheVisionModel() throws Exception {
        byte[] png = TestCalls.png();
        UUID image = calls.addMedia(png, MediaKind.IMAGE, "image/png", "frame.png");
        fake.script.then(new Scripted.Answer("A single red pixel on a transparent background."));
        ProviderResult result = run(provider(), calls.call(TaskKind.IMAGE_DESCRIPTION,
                "{\"image\":\"" + image + "\",\"question\":\"What colour is it?\"}"));

        assertEquals("A single red pixel on a transparent background.", result.result().get("text").asText());
        assertEquals("llava:13b", result.result().get("model").asText());
        assertEquals(1, fake.images.size());
        assertArrayEquals(png, fake.images.get(0));
        JsonNode user = fake.chats().get(0).json().at("/messages/1");
        assertEquals("What colour is it?", user.get("content").asText());
        assertEquals(1, user.get("images").size());
    }

    @Test
    void textGenerationCarriesImagesWithThePrompt() throws Exception {
        UUID a = calls.addMedia(TestCalls.png(), MediaKind.IMAGE, "image/png", "a.png");
        UUID b = calls.addMedia(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3}, MediaKind.IMAGE, "image/jpeg", "b.jpg");
        run(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Compare these\",\"images\":[\"" + a + "\",\"" + b + "\"]}"));
        assertEquals(2, fake.images.size());
        assertEquals(2, fake.chats().get(0).json().at("/messages/0/images").size());
    }

    @Test
    void anImageThatIsNotAnImageOrNotTheOwnersIsInvalidInput() throws Exception {
        UUID audio = calls.addMedia(new byte[] {1, 2, 3}, MediaKind.AUDIO, "audio/mpeg", "song.mp3");
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.IMAGE_DESCRIPTION,
                "{\"image\":\"" + audio + "\"}")).code());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.IMAGE_DESCRIPTION,
                "{\"image\":\"" + UUID.randomUUID() + "\"}")).code());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.IMAGE_DESCRIPTION,
                "{\"image\":\"not-a-uuid\"}")).code());
        assertTrue(fake.chats().isEmpty(), "nothing reaches the model");
    }

    @Test
    void anErrorLineInsideTheStreamIsATypedFailure() {
        fake.script.always(new Scripted.ErrorMidStream("The first verse begins", "an error was encountered while running the model: unexpected EOF"));
        ProviderException e = failure(provider(true, TestCalls.GUARD.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1))),
                calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Write\"}"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("unexpected EOF"), e.getMessage());
    }

    @Test
    void aBurstOf429IsRetriedHonouringRetryAfterThenSucceeds() {
        fake.script.then(new Scripted.Status(429, "{\"error\":\"too many requests\"}", "Retry-After", "0"),
                new Scripted.Status(503, "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}"),
                new Scripted.Answer("Finally."));
        ProviderResult result = run(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}"));
        assertEquals("Finally.", result.result().get("text").asText());
        assertEquals(3, fake.chats().size());
    }

    @Test
    void fiveHundredsUntilRetriesRunOutEndAsProviderUnavailable() {
        fake.script.always(new Scripted.Status(500, "{\"error\":\"llama runner process has terminated: signal: killed\"}"));
        ProviderException e = failure(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("llama runner process has terminated"), e.getMessage());
        assertEquals(3, fake.chats().size(), "the first attempt and two retries");
    }

    @Test
    void aHangingServerEndsAsTimeout() {
        fake.script.always(new Scripted.Hang());
        ProviderGuard.Settings quick = TestCalls.GUARD.withAttemptTimeout(Duration.ofMillis(300))
                .withRetries(1, Duration.ofMillis(5), Duration.ofMillis(5));
        ProviderException e = failure(provider(true, quick), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}"));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertEquals(2, fake.chats().size());
    }

    @Test
    void theTasksDeadlineBoundsTheWholeAnswer() {
        fake.script.always(new Scripted.Hang());
        ProviderCall call = calls.call(TaskKind.TEXT_GENERATION, JsonCodec.decode("{\"prompt\":\"Hi\"}", JsonNode.class),
                java.time.Instant.now().plusMillis(400));
        ProviderException e = failure(provider(true, TestCalls.GUARD.withAttemptTimeout(Duration.ofMinutes(1))), call);
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    @Test
    void aMalformedBodyIsARejection() {
        fake.script.then(new Scripted.Malformed("<html><body>502 Bad Gateway</body></html>"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider(false, TestCalls.GUARD),
                calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}")).code());
        fake.script.then(new Scripted.Malformed("{\"model\":\"mistral:7b\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"}}\nlo world\n"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider(), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}")).code());
    }

    @Test
    void theWholeAnswerWithoutStreamingIsReadToo() {
        fake.script.then(new Scripted.Answer("Not streamed."));
        ProviderResult result = run(provider(false, TestCalls.GUARD), calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}"));
        assertEquals("Not streamed.", result.result().get("text").asText());
        assertFalse(fake.chats().get(0).json().get("stream").asBoolean());
        assertEquals(298, result.result().at("/usage/completionTokens").asInt());
    }

    @Test
    void aModelTheServerDoesNotHaveIsARejectionThatSaysSo() {
        OllamaProvider missing = new OllamaProvider(new ChatSettings("ollama", fake.url(), null, false, null, "qwen3:8b", null,
                true, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        ProviderException e = failure(missing, calls.call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Hi\"}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("qwen3:8b") && e.getMessage().contains("not found"), e.getMessage());
        assertEquals(1, fake.chats().size(), "a rejection is not retried");
    }

    @Test
    void aTemplateIsRenderedThenTheConversationAndFeedbackFollow() {
        fake.script.then(new Scripted.Answer(VALID_SCENES));
        String params = "{\"template\":\"scene-prompts\",\"vars\":{\"plan\":{\"scenes\":[{\"index\":0,\"start\":0,\"end\":12.5,"
                + "\"section\":\"A\",\"energy\":0.3,\"prompt\":\"opening shot\"}]},\"style\":\"cinematic\",\"description\":\"a lighthouse keeper\"},"
                + "\"outputSchema\":" + SCENE_SCHEMA + ","
                + "\"conversation\":[{\"role\":\"assistant\",\"content\":\"{}\"},{\"role\":\"user\",\"content\":\"Your answer was not usable: $.scenes is missing\"}],"
                + "\"feedback\":\"darker, fewer people\"}";
        run(provider(), calls.call(TaskKind.TEXT_GENERATION, params));

        JsonNode messages = fake.chats().get(0).json().get("messages");
        assertEquals(5, messages.size(), messages.toPrettyString());
        assertEquals("system", messages.get(0).get("role").asText());
        assertTrue(messages.get(0).get("content").asText().contains("art director"));
        assertTrue(messages.get(0).get("content").asText().contains("\"minItems\""), "the schema is in the instructions");
        String user = messages.get(1).get("content").asText();
        assertTrue(user.contains("The video: a lighthouse keeper") && user.contains("cinematic style"), user);
        assertTrue(user.contains("\"energy\":0.3"), "the plan goes in as JSON: " + user);
        assertEquals("assistant", messages.get(2).get("role").asText());
        assertEquals("Your answer was not usable: $.scenes is missing", messages.get(3).get("content").asText());
        assertTrue(messages.get(4).get("content").asText().contains("darker, fewer people"));
    }

    @Test
    void aTemplateVariableTheTaskDidNotGiveIsInvalidInputAndNothingIsSent() {
        ProviderException e = failure(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"template\":\"video-script\",\"vars\":{\"description\":\"a bakery at dawn\",\"scenes\":4,\"style\":\"vintage\"}}"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"template\":\"../secrets\"}")).code());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"template\":\"no-such-template\"}")).code());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"x\",\"temperature\":7}")).code());
        assertEquals(ErrorCode.INVALID_INPUT, failure(provider(), calls.call(TaskKind.TEXT_GENERATION, "{}")).code());
        assertTrue(fake.chats().isEmpty());
    }

    @Test
    void theProbeReportsReachabilityAndAMissingModel() {
        ProviderHealth healthy = provider().probe().await().atMost(Duration.ofSeconds(5));
        assertTrue(healthy.configured() && healthy.reachable());
        assertNull(healthy.lastError());

        OllamaProvider missing = new OllamaProvider(new ChatSettings("ollama", fake.url(), null, false, null, "qwen3:8b", null,
                true, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        ProviderHealth report = missing.probe().await().atMost(Duration.ofSeconds(5));
        assertTrue(report.reachable());
        assertTrue(report.lastError().contains("ollama pull qwen3:8b"), report.lastError());

        fake.close();
        ProviderHealth down = provider().probe().await().atMost(Duration.ofSeconds(10));
        assertFalse(down.reachable());

        OllamaProvider none = new OllamaProvider(new ChatSettings("ollama", null, null, false, null, "mistral:7b", null,
                true, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        assertFalse(none.configured());
        assertFalse(none.probe().await().indefinitely().configured());
    }
}
