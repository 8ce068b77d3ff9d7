package io.clipizy.chat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the events of other services do to projects and chats: a project's status follows its runs, its cover is the
 * latest image stored for it, and run milestones and failures become assistant messages — each event applied once.
 */
@QuarkusTest
class ProjectStatusAndCoverTest {

    private static void send(String topic, String key, Message... events) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (Message e : events) {
                kafka.send(topic, key, JsonCodec.encode(e));
            }
        }
    }

    private static JsonPath awaitProject(String user, String project, String field, String value) throws InterruptedException {
        JsonPath p = null;
        for (int i = 0; i < 150; i++) {
            p = given().auth().oauth2(OidcResource.user(user)).when().get("/api/projects/" + project).then().statusCode(200)
                    .extract().jsonPath();
            if (Objects.equals(value, p.getString(field))) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("project " + field + " never became " + value + "; it is " + p.getString(field));
    }

    @Test
    void aProjectsStatusFollowsItsRuns() throws Exception {
        String project = ProjectAndChatApiTest.createProject("rosa", "Status");
        UUID p = UUID.fromString(project);
        UUID first = UUID.fromString(ProjectAndChatApiTest.createChat("rosa", project));
        UUID second = UUID.fromString(ProjectAndChatApiTest.createChat("rosa", project));
        awaitProject("rosa", project, "status", "draft");
        UUID run = UUID.randomUUID();
        send(Topics.WORKFLOW_EVENTS, run.toString(), RunStarted.of("rosa", p, first, run, "music-video.looped-static", 1, 12L));
        awaitProject("rosa", project, "status", "in_progress");
        send(Topics.WORKFLOW_EVENTS, run.toString(), InputRequested.of("rosa", p, first, run, "approve", "confirm", "Check the plan",
                JsonCodec.tree(Map.of("display", "confirm"))));
        awaitProject("rosa", project, "status", "needs_input");
        send(Topics.WORKFLOW_EVENTS, run.toString(), RunSucceeded.of("rosa", p, first, run, null, 12L));
        awaitProject("rosa", project, "status", "completed");

        UUID again = UUID.randomUUID();
        send(Topics.WORKFLOW_EVENTS, again.toString(), RunStarted.of("rosa", p, second, again, "music-video.looped-static", 1, 12L));
        awaitProject("rosa", project, "status", "in_progress");
        send(Topics.WORKFLOW_EVENTS, again.toString(), RunFailed.of("rosa", p, second, again, "render",
                new ErrorInfo(ErrorCode.TIMEOUT, "The render took too long", true)));
        awaitProject("rosa", project, "status", "failed");
        given().auth().oauth2(OidcResource.user("rosa")).when().get("/api/projects?q=Status").then().statusCode(200)
                .body("items.find { it.id == '" + project + "' }.status", org.hamcrest.Matchers.equalTo("failed"));
    }

    @Test
    void theCoverIsTheLatestImageStoredForTheProject() throws Exception {
        String project = ProjectAndChatApiTest.createProject("sami", "Cover");
        UUID p = UUID.fromString(project);
        UUID frame = UUID.randomUUID();
        UUID thumbnail = UUID.randomUUID();
        MediaStored generated = MediaStored.of("sami", p, frame, MediaKind.IMAGE, MediaRole.GENERATED, "image/png", 2048, "a1", null,
                1280, 720, UUID.randomUUID());
        send(Topics.MEDIA_EVENTS, frame.toString(), generated);
        awaitProject("sami", project, "coverMediaId", frame.toString());

        UUID song = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        MediaStored older = new MediaStored(UUID.randomUUID(), MediaStored.TYPE, 1, Instant.now().minusSeconds(3600), "sami", p,
                UUID.randomUUID(), MediaKind.IMAGE, MediaRole.GENERATED, "image/png", 2048, "a2", null, 64, 64, null);
        send(Topics.MEDIA_EVENTS, song.toString(),
                MediaStored.of("sami", p, song, MediaKind.AUDIO, MediaRole.UPLOAD, "audio/mpeg", 4096, "a3", 90.0, null, null, null),
                MediaStored.of("tess", p, stranger, MediaKind.IMAGE, MediaRole.FINAL, "image/png", 2048, "a4", null, 64, 64, null),
                older);
        MediaStored thumb = MediaStored.of("sami", p, thumbnail, MediaKind.IMAGE, MediaRole.THUMBNAIL, "image/jpeg", 1024, "a5", null,
                320, 180, null);
        send(Topics.MEDIA_EVENTS, thumbnail.toString(), thumb);
        awaitProject("sami", project, "coverMediaId", thumbnail.toString());

        send(Topics.MEDIA_EVENTS, thumbnail.toString(), MediaDeleted.of("sami", p, thumbnail));
        awaitProject("sami", project, "coverMediaId", null);
        send(Topics.MEDIA_EVENTS, thumbnail.toString(), thumb);
        send(Topics.MEDIA_EVENTS, frame.toString(), generated);
        Thread.sleep(2500);
        awaitProject("sami", project, "coverMediaId", null);
        given().auth().oauth2(OidcResource.user("tess")).when().get("/api/projects/" + project).then().statusCode(404);
    }

    @Test
    void milestonesAndFailuresAreNarratedOnce() throws Exception {
        String project = ProjectAndChatApiTest.createProject("uma", "Steps");
        String chat = ProjectAndChatApiTest.createChat("uma", project);
        ConversationTest.say("uma", chat, Map.of("text", "A minimalist music video of city lights, 40 seconds",
                "attachments", List.of(UUID.randomUUID())));
        ConversationTest.say("uma", chat, Map.of("text", "start"));
        UUID run = ConversationTest.runIdOf(chat);
        UUID p = UUID.fromString(project);
        UUID c = UUID.fromString(chat);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        send(Topics.WORKFLOW_EVENTS, run.toString(),
                NodeSucceeded.of("uma", p, c, run, "analysis", "audio_analysis", null,
                        JsonCodec.tree(Map.of("tempo", 121.6, "sections", List.of(Map.of("label", "A"), Map.of("label", "B"))))),
                NodeSucceeded.of("uma", p, c, run, "frames", "image_generation", 0, JsonCodec.tree(Map.of("mediaId", a.toString()))),
                NodeSucceeded.of("uma", p, c, run, "frames", "image_generation", null,
                        JsonCodec.tree(List.of(Map.of("mediaId", a.toString()), Map.of("mediaId", b.toString())))),
                NodeSucceeded.of("uma", p, c, run, "timeline", "timeline", null, JsonCodec.tree(Map.of("clips", List.of()))));
        JsonPath h = ConversationTest.awaitAssistant("uma", chat, "The images are ready.");
        assertEquals(List.of(a.toString(), b.toString()), h.getList("items[-1].attachments"));
        List<String> texts = h.getList("items.text");
        assertEquals("I've listened to the song: about 122 BPM, 2 sections.", texts.get(texts.size() - 2));

        RunFailed failed = RunFailed.of("uma", p, c, run, "frames",
                new ErrorInfo(ErrorCode.MODERATION, "The image provider flagged scene 2", false));
        send(Topics.WORKFLOW_EVENTS, run.toString(), failed);
        String failure = "I'm sorry, it failed at step \"frames\": the provider refused the content as it stands; rewording the "
                + "description usually helps. (The image provider flagged scene 2)";
        h = ConversationTest.awaitAssistant("uma", chat, failure);
        assertEquals("Try again", h.getString("items[-1].actions[0].label"));
        send(Topics.WORKFLOW_EVENTS, run.toString(), failed);
        Thread.sleep(2500);
        List<String> after = given().auth().oauth2(OidcResource.user("uma")).when().get("/api/chats/" + chat + "/messages?size=100")
                .then().extract().jsonPath().getList("items.text");
        assertEquals(1, after.stream().filter(failure::equals).count(), "a redelivered event is narrated once");
        assertTrue(after.get(after.size() - 1).equals(failure));
    }
}
