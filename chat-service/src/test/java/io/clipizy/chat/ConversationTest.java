package io.clipizy.chat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Conversation scripts with no LLM configured: what the person says, what the assistant asks, and what it starts. */
@QuarkusTest
class ConversationTest {

    static JsonPath say(String user, String chat, Map<String, Object> body) {
        given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON).body(JsonCodec.encode(body))
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(201);
        return given().auth().oauth2(OidcResource.user(user)).when().get("/api/chats/" + chat + "/messages?size=100").then()
                .statusCode(200).extract().jsonPath();
    }

    static String last(JsonPath history) {
        List<String> texts = history.getList("items.text");
        return texts.get(texts.size() - 1);
    }

    private static List<FakeWorkflowService.Call> calls(String method, String pathPart) {
        return FakeWorkflowService.CALLS.stream().filter(c -> c.method().equals(method) && c.path().contains(pathPart)).toList();
    }

    @Test
    void aMusicVideoFromOneSentenceAndOneQuestion() throws Exception {
        String project = ProjectAndChatApiTest.createProject("nina", "Night drive");
        String chat = ProjectAndChatApiTest.createChat("nina", project);
        UUID song = UUID.randomUUID();

        JsonPath h = say("nina", chat, Map.of("text", "Make a cinematic music video for this song, 16:9, 1080p",
                "attachments", List.of(song)));
        assertTrue(last(h).startsWith("What length (seconds) would you like, between 5 and 1200?"), last(h));
        assertEquals("number", h.getString("items[-1].actions[0].type"));
        assertEquals("duration", h.getString("items[-1].actions[0].field"));

        h = say("nina", chat, Map.of("text", "1:30"));
        assertTrue(last(h).startsWith("Here is what I'll make: Music video — recurring scenes"), last(h));
        assertTrue(last(h).contains("song (the audio you attached)"), "the song by what it is: " + last(h));
        assertFalse(last(h).contains(song.toString()), "never the media id: " + last(h));
        assertTrue(last(h).endsWith("It will cost about 9 credits ($0.09). Shall I start?"), last(h));
        assertEquals("start", h.getString("items[-1].actions[0].name"));
        assertEquals(9, h.getInt("items[-1].actions[0].credits"));
        FakeBillingService.Call priced = FakeBillingService.CALLS.get(FakeBillingService.CALLS.size() - 1);
        assertTrue(priced.authorization().startsWith("Bearer "), "the estimate is asked in the person's name");
        assertEquals("music-video.recurring-scenes", priced.body().path("workflowId").asText());
        assertEquals(90.0, priced.body().path("inputs").path("duration").asDouble());

        int before = calls("POST", "/api/runs").size();
        h = say("nina", chat, Map.of("text", "yes, go ahead"));
        assertTrue(last(h).startsWith("On it"), last(h));
        List<FakeWorkflowService.Call> started = calls("POST", "/api/runs");
        assertEquals(before + 1, started.size());
        JsonNode run = started.get(started.size() - 1).body();
        assertEquals("music-video.recurring-scenes", run.path("workflowId").asText());
        assertEquals(chat, run.path("chatId").asText());
        JsonNode inputs = run.path("inputs");
        assertEquals(song.toString(), inputs.path("audio").asText());
        assertEquals("cinematic", inputs.path("style").asText());
        assertEquals("16:9", inputs.path("aspectRatio").asText());
        assertEquals("1080p", inputs.path("resolution").asText());
        assertEquals(90.0, inputs.path("duration").asDouble());
        assertEquals("Make a cinematic music video for this song, 16:9, 1080p", inputs.path("description").asText());
        assertTrue(started.get(started.size() - 1).authorization().startsWith("Bearer "), "the person's token is passed on");
    }

    @Test
    void whileItRunsRepliesBecomeAnswersProgressAndCancel() throws Exception {
        String project = ProjectAndChatApiTest.createProject("omar", "Loop");
        String chat = ProjectAndChatApiTest.createChat("omar", project);
        say("omar", chat, Map.of("text", "A vintage music video of a road trip, vertical, 45 seconds", "attachments", List.of(UUID.randomUUID())));
        say("omar", chat, Map.of("text", "start", "action", Map.of("name", "start")));
        List<FakeWorkflowService.Call> started = calls("POST", "/api/runs");
        assertNotNull(started);

        UUID runId = runIdOf(chat);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(RunStarted.of("omar", UUID.fromString(project),
                    UUID.fromString(chat), runId, "music-video.recurring-scenes", 1, null)));
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(InputRequested.of("omar", UUID.fromString(project),
                    UUID.fromString(chat), runId, "approve", "confirm", "Here are the scenes I planned.",
                    JsonCodec.decode("{\"display\":\"confirm\",\"show\":{\"scenes\":[{\"prompt\":\"desert road\"}]}}", JsonNode.class))));
        }
        JsonPath h = awaitAssistant("omar", chat, "Here are the scenes I planned.");
        assertEquals("approve", h.getString("items[-1].actions[0].answer"));

        say("omar", chat, Map.of("text", "make it darker, fewer people"));
        FakeWorkflowService.Call answer = last(calls("POST", "/inputs/approve"));
        assertEquals("regenerate", answer.body().path("action").asText());
        assertEquals("make it darker, fewer people", answer.body().path("feedback").asText());

        h = say("omar", chat, Map.of("text", "how far along is it?"));
        assertTrue(last(h).startsWith("The run is running: 2 steps done so far; working on frames"), last(h));

        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(RunSucceeded.of("omar", UUID.fromString(project),
                    UUID.fromString(chat), runId, JsonCodec.tree(Map.of("mediaId", "7d3b0a5e-79c3-4c5d-9d59-0d8b1f0d1c2e")), 120L)));
        }
        h = awaitAssistant("omar", chat, "Done! Here is your result.");
        assertEquals("7d3b0a5e-79c3-4c5d-9d59-0d8b1f0d1c2e", h.getString("items[-1].attachments[0]"));
    }

    @Test
    void pipelinesOfAProjectTypeWithTheirFields() {
        JsonPath pipelines = given().auth().oauth2(OidcResource.user("quin")).when().get("/api/pipelines/music-clip").then()
                .statusCode(200).extract().jsonPath();
        List<String> ids = pipelines.getList("id");
        assertTrue(ids.containsAll(List.of("music-video.looped-static", "music-video.looped-animated", "music-video.recurring-scenes",
                "music.generate-track")), ids.toString());
        List<String> required = pipelines.getList("find { it.id == 'music-video.recurring-scenes' }.required.name");
        assertEquals(List.of("audio", "description", "style", "duration"), required);
        List<String> optional = pipelines.getList("find { it.id == 'music-video.recurring-scenes' }.optional.name");
        assertTrue(optional.containsAll(List.of("scenes", "videoTransition", "referenceImages")), optional.toString());
        given().auth().oauth2(OidcResource.user("quin")).when().get("/api/pipelines/opera").then().statusCode(400);
    }

    @Test
    void cancelStopsTheRun() throws Exception {
        String chat = ProjectAndChatApiTest.createChat("pia", ProjectAndChatApiTest.createProject("pia", "Short"));
        say("pia", chat, Map.of("text", "An abstract music video please, 30 seconds", "attachments", List.of(UUID.randomUUID())));
        say("pia", chat, Map.of("text", "ok"));
        UUID runId = runIdOf(chat);
        JsonPath h = say("pia", chat, Map.of("text", "cancel it please"));
        assertTrue(last(h).startsWith("Cancelled."), last(h));
        assertEquals(1, calls("POST", "/api/runs/" + runId + "/cancel").size());
    }

    private static FakeWorkflowService.Call last(List<FakeWorkflowService.Call> calls) {
        return calls.get(calls.size() - 1);
    }

    static UUID runIdOf(String chat) throws Exception {
        try (var c = io.clipizy.testing.PostgresResource.connect();
             var ps = c.prepareStatement("SELECT run_id FROM assistant_state WHERE chat_id = ?")) {
            ps.setObject(1, UUID.fromString(chat));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return (UUID) rs.getObject(1);
            }
        }
    }

    static JsonPath awaitAssistant(String user, String chat, String text) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonPath h = given().auth().oauth2(OidcResource.user(user)).when().get("/api/chats/" + chat + "/messages?size=100")
                    .then().extract().jsonPath();
            if (last(h).equals(text)) {
                return h;
            }
            Thread.sleep(150);
        }
        throw new AssertionError("the assistant never said: " + text);
    }
}
