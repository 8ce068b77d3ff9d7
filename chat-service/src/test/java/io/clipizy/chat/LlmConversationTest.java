package io.clipizy.chat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.ChatStatusChanged;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conversation scripts with an LLM configured: the assistant asks the (fake) LLM through generation.requests and
 * task.events, re-asks an unusable answer, merges the reading with the deterministic parser's, and falls back to the
 * parser when the LLM fails or stays silent.
 */
@QuarkusTest
@TestProfile(LlmConversationTest.WithLlm.class)
class LlmConversationTest {
    /** An LLM is configured ("text" capability); answers are awaited 6 s. */
    public static class WithLlm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clipizy.providers.capabilities", "text,vision", "clipizy.chat.llm.timeout", "PT6S",
                    "clipizy.chat.llm.sweep-interval", "1s");
        }
    }

    private static FakeLlm llm;

    @BeforeAll
    static void startLlm() {
        llm = new FakeLlm();
    }

    @AfterAll
    static void stopLlm() throws InterruptedException {
        llm.close();
    }

    private static String post(String user, String chat, Map<String, Object> body) {
        return given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON).body(JsonCodec.encode(body))
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(201).extract().path("id");
    }

    private static JsonPath history(String user, String chat) {
        return given().auth().oauth2(OidcResource.user(user)).when().get("/api/chats/" + chat + "/messages?size=100").then()
                .statusCode(200).extract().jsonPath();
    }

    /** The history once the assistant has posted {@code count} messages in all. */
    private static JsonPath awaitAssistant(String user, String chat, int count) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            JsonPath h = history(user, chat);
            if (h.getList("items.findAll { it.role == 'assistant' }").size() >= count) {
                return h;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the assistant never posted message " + count + " in chat " + chat);
    }

    private static String last(JsonPath h) {
        List<String> texts = h.getList("items.text");
        return texts.get(texts.size() - 1);
    }

    private static UUID intentTask(String chat, String messageId, int attempt) {
        return UUID.nameUUIDFromBytes((chat + "/" + messageId + "/intent/" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLlmFillsTheGapsTheParserWinsAndTheChatShowsThinking() throws Exception {
        String project = ProjectAndChatApiTest.createProject("lara", "Coast");
        String chat = ProjectAndChatApiTest.createChat("lara", project);
        UUID song = UUID.randomUUID();
        llm.script(chat, FakeLlm.Answer.json("""
                {"workflowId": "music-video.looped-static",
                 "inputs": {"style": "vintage", "description": "A dreamy drive along the coast at dusk, sun low over the sea",
                            "aspectRatio": "1:1", "audio": "%s"}}""".formatted(song)));

        String said;
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.CHAT_EVENTS)) {
            said = post("lara", chat, Map.of("text", "Make a video for my song about driving along the coast at dusk, vertical",
                    "attachments", List.of(song)));
            List<String> statuses = kafka.await(r -> r.key().equals(chat) && r.value().contains(ChatStatusChanged.TYPE), 2,
                    Duration.ofSeconds(20)).stream().map(r -> ((ChatStatusChanged) JsonCodec.decode(r.value(), ChatEvent.class)).status())
                    .toList();
            assertEquals(List.of("thinking", "idle"), statuses, "the chat shows the assistant thinking, then ready");
        }
        JsonPath h = awaitAssistant("lara", chat, 1);
        assertEquals("What length (seconds) would you like, between 5 and 1200? (for \"Music video — looped still\")", last(h));

        List<GenerationRequested> asked = llm.requestsOf(chat);
        assertEquals(1, asked.size());
        GenerationRequested request = asked.get(0);
        assertEquals(TaskKind.TEXT_GENERATION, request.kind());
        assertEquals(intentTask(chat, said, 1), request.taskId(), "the task id is deterministic");
        assertEquals("lara", request.ownerId());
        assertEquals(project, request.projectId().toString());
        assertNull(request.runId());
        JsonNode params = request.params();
        assertTrue(params.path("system").asText().contains("music-video.looped-static"), params.path("system").asText());
        assertEquals("user", params.path("messages").get(0).path("role").asText());
        assertTrue(params.path("messages").get(0).path("content").asText().contains(song.toString()));
        assertTrue(JsonCodec.encode(params.path("outputSchema").path("properties").path("workflowId").path("enum"))
                .contains("music-video.recurring-scenes"));
        assertEquals(0.2, params.path("temperature").asDouble());

        String answered = llm.sent.get(llm.sent.size() - 1);
        llm.resend(answered);
        Thread.sleep(2500);
        assertEquals(1, history("lara", chat).getList("items.findAll { it.role == 'assistant' }").size(),
                "a redelivered answer changes nothing");

        post("lara", chat, Map.of("text", "2 minutes"));
        h = awaitAssistant("lara", chat, 2);
        assertTrue(last(h).contains("It will cost about 12 credits ($0.12). Shall I start?"), last(h));
        assertEquals(1, llm.requestsOf(chat).size(), "a plain answer to the question needs no LLM");

        int before = (int) FakeWorkflowService.CALLS.stream().filter(c -> c.method().equals("POST") && c.path().equals("/api/runs")).count();
        post("lara", chat, Map.of("text", "yes, go ahead"));
        h = awaitAssistant("lara", chat, 3);
        assertTrue(last(h).startsWith("On it"), last(h));
        List<FakeWorkflowService.Call> runs = FakeWorkflowService.CALLS.stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/api/runs")).toList();
        assertEquals(before + 1, runs.size());
        JsonNode run = runs.get(runs.size() - 1).body();
        assertEquals("music-video.looped-static", run.path("workflowId").asText(), "the LLM chose the workflow the parser left open");
        JsonNode inputs = run.path("inputs");
        assertEquals("9:16", inputs.path("aspectRatio").asText(), "the parser's explicit 'vertical' wins over the LLM's guess");
        assertEquals("vintage", inputs.path("style").asText());
        assertEquals("A dreamy drive along the coast at dusk, sun low over the sea", inputs.path("description").asText());
        assertEquals(song.toString(), inputs.path("audio").asText());
        assertEquals(120.0, inputs.path("duration").asDouble());
    }

    @Test
    void anUnusableAnswerIsReaskedWithItsProblems() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("milo", ProjectAndChatApiTest.createProject("milo", "Road"));
        UUID song = UUID.randomUUID();
        String prose = "Sure! I think you want {\"workflow\": \"recurring-scenes\", \"style\": \"retro\"} for this.";
        llm.script(chat, FakeLlm.Answer.prose(prose), FakeLlm.Answer.json("""
                {"workflowId": "music-video.recurring-scenes",
                 "inputs": {"description": "A road trip through the desert in the seventies", "audio": "%s", "scenes": 8}}"""
                .formatted(song)));
        String said = post("milo", chat, Map.of("text", "A retro music video for this track, 45 seconds", "attachments", List.of(song)));

        JsonPath h = awaitAssistant("milo", chat, 1);
        assertTrue(last(h).startsWith("Here is what I'll make: Music video — recurring scenes"), last(h));
        assertTrue(last(h).contains("A road trip through the desert in the seventies"), last(h));
        assertTrue(last(h).contains("It will cost about 5 credits ($0.05)"), last(h));
        assertEquals(5, h.getInt("items[-1].actions[0].credits"));

        List<GenerationRequested> asked = llm.requestsOf(chat);
        assertEquals(2, asked.size(), "one re-ask after the unusable answer");
        GenerationRequested again = asked.get(1);
        assertEquals(2, again.attempt());
        assertEquals(intentTask(chat, said, 2), again.taskId());
        JsonNode conversation = again.params().path("messages");
        assertEquals(3, conversation.size());
        assertEquals("assistant", conversation.get(1).path("role").asText());
        assertEquals(prose, conversation.get(1).path("content").asText());
        assertTrue(conversation.get(2).path("content").asText().contains("workflowId"), conversation.get(2).toString());
        assertEquals(asked.get(0).params().path("outputSchema"), again.params().path("outputSchema"), "the same schema is asked for");
    }

    @Test
    void anAnswerThePatternsMissIsReadByTheLlmWithWhatIsSettled() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("quinn", ProjectAndChatApiTest.createProject("quinn", "Night"));
        UUID song = UUID.randomUUID();
        llm.script(chat, FakeLlm.Answer.json("""
                {"workflowId": "music-video.recurring-scenes",
                 "inputs": {"audio": "%s", "description": "A night drive through neon streets", "duration": 60}}""".formatted(song)),
                FakeLlm.Answer.json("{\"workflowId\": \"music-video.recurring-scenes\", \"inputs\": {\"style\": \"vintage\"}}"));
        post("quinn", chat, Map.of("text", "Make a music video for this song", "attachments", List.of(song)));
        JsonPath h = awaitAssistant("quinn", chat, 1);
        assertEquals("Which visual style would you like? (for \"Music video — recurring scenes\")", last(h));
        assertEquals("select", h.getString("items[-1].actions[0].type"));

        post("quinn", chat, Map.of("text", "something moody and grainy, like an old home movie"));
        h = awaitAssistant("quinn", chat, 2);
        assertTrue(last(h).contains("visual style vintage"), last(h));
        assertTrue(last(h).contains("It will cost about 6 credits"), last(h));
        List<GenerationRequested> asked = llm.requestsOf(chat);
        assertEquals(2, asked.size());
        String content = asked.get(1).params().path("messages").get(0).path("content").asText();
        assertTrue(content.startsWith("something moody and grainy, like an old home movie"), content);
        assertTrue(content.contains("Already settled for music-video.recurring-scenes") && content.contains("A night drive through neon streets"),
                content);
    }

    @Test
    void aFailedLlmFallsBackToTheParserWithoutSayingSo() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("nico", ProjectAndChatApiTest.createProject("nico", "Neon"));
        llm.script(chat, FakeLlm.Answer.failure(ErrorCode.PROVIDER_UNAVAILABLE, "The LLM endpoint is unavailable"));
        post("nico", chat, Map.of("text", "Make a cinematic music video for this song, 16:9, 1080p", "attachments", List.of(UUID.randomUUID())));

        JsonPath h = awaitAssistant("nico", chat, 1);
        assertEquals("What length (seconds) would you like, between 5 and 1200? (for \"Music video — recurring scenes\")", last(h),
                "the same question as with no LLM");
        assertEquals(1, llm.requestsOf(chat).size(), "a failed task is not re-asked");
        post("nico", chat, Map.of("text", "1:30"));
        h = awaitAssistant("nico", chat, 2);
        assertTrue(last(h).contains("Make a cinematic music video for this song, 16:9, 1080p"), last(h));
        assertFalse(String.join(" ", h.getList("items.text")).toLowerCase().contains("llm"), "nothing is said about the LLM");
        given().auth().oauth2(OidcResource.user("nico")).when().get("/api/chats/" + chat).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("idle"));
    }

    @Test
    void aSilentLlmIsGivenUpOnAtItsDeadlineAndItsTaskCancelled() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("olga", ProjectAndChatApiTest.createProject("olga", "Quiet"));
        llm.script(chat, FakeLlm.Answer.silence());
        String said = post("olga", chat, Map.of("text", "An abstract music video please, 30 seconds", "attachments", List.of(UUID.randomUUID())));
        given().auth().oauth2(OidcResource.user("olga")).when().get("/api/chats/" + chat).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("thinking"));

        JsonPath h = awaitAssistant("olga", chat, 1);
        assertTrue(last(h).startsWith("Here is what I'll make: Music video — recurring scenes"), last(h));
        String task = intentTask(chat, said, 1).toString();
        for (int i = 0; i < 50 && llm.cancels.stream().noneMatch(c -> c.contains(task)); i++) {
            Thread.sleep(100);
        }
        assertTrue(llm.cancels.stream().anyMatch(c -> c.contains(task)), "the abandoned task is cancelled");
    }

    @Test
    void aMessageWhileThinkingIsAnsweredHonestly() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("pavel", ProjectAndChatApiTest.createProject("pavel", "Busy"));
        llm.script(chat, FakeLlm.Answer.silence());
        post("pavel", chat, Map.of("text", "A minimalist music video for my song", "attachments", List.of(UUID.randomUUID())));
        post("pavel", chat, Map.of("text", "and make it 4K"));
        JsonPath h = awaitAssistant("pavel", chat, 1);
        assertTrue(last(h).startsWith("One moment, I'm still working out your previous message."), last(h));
        h = awaitAssistant("pavel", chat, 2);
        assertTrue(last(h).startsWith("What length (seconds) would you like"), last(h));
    }
}
