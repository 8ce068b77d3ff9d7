package io.clipizy.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.ChatStatusChanged;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** workflow.events drive the chat's status, once per event, through the real broker. */
@QuarkusTest
class WorkflowEventConsumerTest {

    @Test
    void runEventsChangeTheChatStatusOnceEach() {
        String project = ProjectAndChatApiTest.createProject("henry", "Track");
        String chat = ProjectAndChatApiTest.createChat("henry", project);
        UUID runId = UUID.randomUUID();
        RunStarted started = RunStarted.of("henry", UUID.fromString(project), UUID.fromString(chat), runId,
                "music-video.looped-static", 1, 120L);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.CHAT_EVENTS)) {
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(started));
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(started));
            List<ChatEvent> events = kafka.collect(r -> r.key().equals(chat), Duration.ofSeconds(8)).stream()
                    .map(r -> JsonCodec.decode(r.value(), ChatEvent.class)).toList();
            assertEquals(1, events.size(), "the redelivered RunStarted has no second effect");
            assertEquals("running", ((ChatStatusChanged) events.get(0)).status());
            assertEquals(runId, ((ChatStatusChanged) events.get(0)).runId());
            given().auth().oauth2(OidcResource.user("henry")).when().get("/api/chats/" + chat).then()
                    .statusCode(200).body("status", equalTo("running")).body("activeRunId", equalTo(runId.toString()));

            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(
                    RunSucceeded.of("henry", UUID.fromString(project), UUID.fromString(chat), runId, null, 110L)));
            List<ChatEvent> done = kafka.await(r -> r.key().equals(chat), 1, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), ChatEvent.class)).toList();
            assertEquals("succeeded", ((ChatStatusChanged) done.get(0)).status());
        }
    }

    @Test
    void anEventForAnotherUsersChatChangesNothing() {
        String chat = ProjectAndChatApiTest.createChat("ivy", ProjectAndChatApiTest.createProject("ivy", "Mine"));
        UUID runId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.CHAT_EVENTS)) {
            kafka.send(Topics.WORKFLOW_EVENTS, runId.toString(), JsonCodec.encode(
                    RunStarted.of("jack", null, UUID.fromString(chat), runId, "audio.analyze", 1, null)));
            assertEquals(List.of(), kafka.collect(r -> r.key().equals(chat), Duration.ofSeconds(5)));
        }
        given().auth().oauth2(OidcResource.user("ivy")).when().get("/api/chats/" + chat).then().body("status", equalTo("idle"));
    }
}
