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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible chat adapter (OpenAI and Azure flavours) against a fake chat completions API. */
class OpenAiChatProviderTest {
    @TempDir
    Path dir;
    FakeOpenAi fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    OpenAiChatProvider openai(boolean stream, ProviderGuard.Settings guard) {
        fake = fake == null ? new FakeOpenAi("sk-test-123", false, "gpt-4o-mini", "gpt-4o") : fake;
        return new OpenAiChatProvider(new ChatSettings("openai-chat", fake.baseUrl(), "sk-test-123", false, null, "gpt-4o-mini",
                "gpt-4o", stream, null, guard), ApiHttp.newClient(Duration.ofSeconds(2)));
    }

    OpenAiChatProvider openai() {
        return openai(true, TestCalls.GUARD);
    }

    static ProviderResult run(OpenAiChatProvider provider, ProviderCall call) {
        return provider.start(call).chain(job -> provider.follow(call, job)).await().atMost(Duration.ofSeconds(20));
    }

    static ProviderException failure(OpenAiChatProvider provider, ProviderCall call) {
        return assertThrows(ProviderException.class, () -> run(provider, call));
    }

    TestCalls calls() {
        return new TestCalls(dir);
    }

    @Test
    void aStreamedAnswerIsReadFromServerSentEventsWithProgress() {
        OpenAiChatProvider provider = openai();
        String words = "Golden hour over the harbour, gulls circling the cranes. ".repeat(5).strip();
        fake.script.then(new Scripted.Answer(words));
        TestCalls calls = calls();
        ProviderResult result = run(provider, calls.call(TaskKind.TEXT_GENERATION,
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Describe the port\"}],\"temperature\":0.2}"));

        assertEquals(words, result.result().get("text").asText());
        assertEquals("openai-chat", result.result().get("provider").asText());
        assertEquals("gpt-4o-mini", result.result().get("model").asText());
        assertEquals("stop", result.result().get("finishReason").asText());
        JsonNode sent = fake.chats().get(0).json();
        assertTrue(sent.get("stream").asBoolean());
        assertEquals(0.2, sent.get("temperature").asDouble());
        assertEquals("Describe the port", sent.at("/messages/1/content").asText());
        assertFalse(sent.has("response_format"));
        assertTrue(calls.messages.stream().anyMatch(m -> m.startsWith("Writing the answer")), calls.messages.toString());
    }

    @Test
    void jsonModeAsksForAJsonObjectAndMentionsJsonAsTheApiRequires() {
        OpenAiChatProvider provider = openai();
        fake.script.then(new Scripted.Answer("{\"lyrics\":\"[Instrumental]\",\"title\":\"Tide\"}"));
        ProviderResult result = run(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Name it\",\"json\":true}"));
        assertEquals("json_object", fake.chats().get(0).json().at("/response_format/type").asText());
        assertEquals("Tide", result.result().at("/json/title").asText());
    }

    @Test
    void schemaModeSendsAJsonSchemaResponseFormatAndValidates() {
        OpenAiChatProvider provider = openai(false, TestCalls.GUARD);
        fake.script.then(new Scripted.Answer(OllamaProviderTest.VALID_SCENES));
        ProviderResult result = run(provider, calls().call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Plan\",\"outputSchema\":" + OllamaProviderTest.SCENE_SCHEMA + "}"));
        JsonNode format = fake.chats().get(0).json().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals(JsonCodec.decode(OllamaProviderTest.SCENE_SCHEMA, JsonNode.class), format.at("/json_schema/schema"));
        assertEquals(JsonCodec.decode(OllamaProviderTest.VALID_SCENES, JsonNode.class), result.result().get("json"));
        assertEquals(46, result.result().at("/usage/completionTokens").asInt());
    }

    @Test
    void anInvalidAnswerCutOffAtTheLengthLimitSaysSo() {
        OpenAiChatProvider provider = openai();
        fake.script.then(new Scripted.Answer("```json\n{\"scenes\":[{\"start\":0,\"end\":4,\"prompt\":\"a quiet", "length"));
        ProviderResult result = run(provider, calls().call(TaskKind.TEXT_GENERATION,
                "{\"prompt\":\"Plan\",\"outputSchema\":" + OllamaProviderTest.SCENE_SCHEMA + "}"));
        assertNull(result.result().get("json"));
        assertTrue(result.result().get("jsonProblems").get(0).asText().contains("cut off"), result.result().toString());
    }

    @Test
    void visionSendsTheImageAsABase64DataUrl() throws Exception {
        OpenAiChatProvider provider = openai();
        TestCalls calls = calls();
        UUID image = calls.addMedia(TestCalls.png(), MediaKind.IMAGE, "image/png", "frame.png");
        fake.script.then(new Scripted.Answer("A red dot."));
        ProviderResult result = run(provider, calls.call(TaskKind.IMAGE_DESCRIPTION, "{\"image\":\"" + image + "\"}"));

        assertEquals("gpt-4o", result.result().get("model").asText());
        assertArrayEquals(TestCalls.png(), fake.images.get(0));
        JsonNode parts = fake.chats().get(0).json().at("/messages/1/content");
        assertEquals("Describe this image.", parts.get(0).get("text").asText());
        assertTrue(parts.get(1).at("/image_url/url").asText().startsWith("data:image/png;base64,"));
    }

    @Test
    void anErrorEventInTheStreamIsATypedFailure() {
        OpenAiChatProvider provider = openai(true, TestCalls.GUARD.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)));
        fake.script.then(new Scripted.ErrorMidStream("Once upon",
                "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        ProviderException e = failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"Tell a story\"}"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("server had an error"), e.getMessage());

        fake.script.then(new Scripted.ErrorMidStream("",
                "{\"error\":{\"message\":\"The response was filtered\",\"type\":\"invalid_request_error\",\"code\":\"content_filter\"}}"));
        assertEquals(ErrorCode.MODERATION, failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());
    }

    @Test
    void aContentFilterFinishIsModeration() {
        OpenAiChatProvider provider = openai();
        fake.script.then(new Scripted.Answer("I", "content_filter"));
        assertEquals(ErrorCode.MODERATION, failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());
        fake.script.then(new Scripted.Status(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt "
                + "triggering Azure OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
                + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}"));
        assertEquals(ErrorCode.MODERATION, failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());
        assertEquals(2, fake.chats().size(), "moderation is not retried");
    }

    @Test
    void aBurstOf429IsRetriedThenSucceeds() {
        OpenAiChatProvider provider = openai();
        String rateLimited = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        fake.script.then(new Scripted.Status(429, rateLimited, "retry-after-ms", "20"), new Scripted.Status(429, rateLimited, "Retry-After", "0"),
                new Scripted.Answer("ok"));
        assertEquals("ok", run(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).result().get("text").asText());
        assertEquals(3, fake.chats().size());
    }

    @Test
    void fiveHundredsExhaustedHangsAndMalformedBodiesEndTyped() {
        OpenAiChatProvider provider = openai();
        fake.script.then(new Scripted.Status(502, "<html>Bad gateway</html>"), new Scripted.Status(503, "{\"error\":{\"message\":\"overloaded\"}}"),
                new Scripted.Status(500, "{\"error\":{\"message\":\"internal\"}}"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());

        fake.script.then(new Scripted.Malformed("{\"id\":\"chatcmpl-1\",\"choices\":[]}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(openai(false, TestCalls.GUARD),
                calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());
        fake.script.then(new Scripted.Malformed("data: {not json}\n\n"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, failure(provider, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code());
        fake.script.then(new Scripted.Malformed("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, failure(openai(true, TestCalls.GUARD.withRetries(0, Duration.ofMillis(1),
                Duration.ofMillis(1))), calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).code(), "a stream cut short");

        fake.script.then(new Scripted.Hang(), new Scripted.Hang());
        ProviderException e = failure(openai(true, TestCalls.GUARD.withAttemptTimeout(Duration.ofMillis(300))
                .withRetries(1, Duration.ofMillis(5), Duration.ofMillis(5))), calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}"));
        assertEquals(ErrorCode.TIMEOUT, e.code());
    }

    @Test
    void aWrongKeyIsARejectionNamingTheSetting() {
        openai();
        OpenAiChatProvider wrong = new OpenAiChatProvider(new ChatSettings("openai-chat", fake.baseUrl(), "sk-wrong", false, null,
                "gpt-4o-mini", null, true, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        ProviderException e = failure(wrong, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}"));
        assertEquals(ErrorCode.PROVIDER_REJECTED, e.code());
        assertTrue(e.getMessage().contains("clipizy.providers.openai-chat.api-key"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-wrong"), "never the key");
    }

    @Test
    void azureUsesTheApiKeyHeaderAndApiVersion() {
        fake = new FakeOpenAi("azure-key", true, "my-gpt4o-deployment");
        OpenAiChatProvider azure = new OpenAiChatProvider(new ChatSettings("openai-chat", fake.baseUrl(), "azure-key", true,
                "2024-10-21", "my-gpt4o-deployment", null, false, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        fake.script.then(new Scripted.Answer("Hello from Azure."));
        assertEquals("Hello from Azure.", run(azure, calls().call(TaskKind.TEXT_GENERATION, "{\"prompt\":\"x\"}")).result().get("text").asText());
        assertEquals("api-version=2024-10-21", fake.chats().get(0).query());
        assertNull(fake.chats().get(0).header("Authorization"));

        OpenAiChatProvider keyless = new OpenAiChatProvider(new ChatSettings("openai-chat", fake.baseUrl(), null, true, null,
                "my-gpt4o-deployment", null, false, null, TestCalls.GUARD), ApiHttp.newClient(Duration.ofSeconds(2)));
        assertFalse(keyless.configured(), "Azure needs its key");
    }

    @Test
    void theProbeListsModels() {
        ProviderHealth health = openai().probe().await().atMost(Duration.ofSeconds(5));
        assertTrue(health.reachable());
        assertEquals("/v1/models", fake.seenPaths().get(0));
    }
}
