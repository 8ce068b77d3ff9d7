package io.clipizy.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Projects, chats and messages over real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_chat_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWorkflowService.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeBillingService.class, scope = TestResourceScope.GLOBAL)
class ProjectAndChatApiTest {

    static String createProject(String user, String name) {
        return given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON)
                .body("{\"type\":\"music-clip\",\"name\":\"" + name + "\",\"settings\":{\"aspectRatio\":\"16:9\"}}")
                .when().post("/api/projects").then().statusCode(201)
                .body("type", equalTo("music-clip")).body("settings.aspectRatio", equalTo("16:9"))
                .extract().path("id");
    }

    static String createChat(String user, String projectId) {
        return given().auth().oauth2(OidcResource.user(user)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/projects/" + projectId + "/chats").then().statusCode(201)
                .body("status", equalTo("idle")).extract().path("id");
    }

    @Test
    void projectsBelongToTheirOwner() {
        String id = createProject("alice", "Summer anthem");
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/projects/" + id).then()
                .statusCode(200).body("name", equalTo("Summer anthem"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/projects?type=music-clip&q=summer").then()
                .statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(OidcResource.user("bob")).when().get("/api/projects/" + id).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("bob")).when().get("/api/projects").then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        given().auth().oauth2(OidcResource.user("bob")).contentType(ContentType.JSON).body("{\"name\":\"mine now\"}")
                .when().patch("/api/projects/" + id).then().statusCode(404);
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON).body("{\"name\":\"Winter anthem\"}")
                .when().patch("/api/projects/" + id).then().statusCode(200).body("name", equalTo("Winter anthem"))
                .body("settings.aspectRatio", equalTo("16:9"));
    }

    @Test
    void badProjectInputNamesTheField() {
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/api/projects").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("type"));
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON).body("{\"type\":\"opera\",\"name\":\"x\"}")
                .when().post("/api/projects").then().statusCode(400).body("errors.field", hasItem("type"));
        given().auth().oauth2(OidcResource.user("alice")).contentType(ContentType.JSON).body("{\"type\":\"custom\",\"name\":\"  \"}")
                .when().post("/api/projects").then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void postingIsIdempotentByClientMessageIdAndAnnouncedOnce() {
        String project = createProject("carol", "Ad");
        String chat = createChat("carol", project);
        String body = "{\"text\":\"Make it <b>vertical</b> <script>alert(1)</script>\",\"clientMessageId\":\"m-1\"}";
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.CHAT_EVENTS)) {
            String first = given().auth().oauth2(OidcResource.user("carol")).contentType(ContentType.JSON).body(body)
                    .when().post("/api/chats/" + chat + "/messages").then().statusCode(201)
                    .body("text", equalTo("Make it <b>vertical</b> <script>alert(1)</script>"))
                    .body("role", equalTo("user")).extract().path("id");
            given().auth().oauth2(OidcResource.user("carol")).contentType(ContentType.JSON).body(body)
                    .when().post("/api/chats/" + chat + "/messages").then().statusCode(200).body("id", equalTo(first));

            List<MessageAdded> events = kafka.collect(r -> r.key().equals(chat), Duration.ofSeconds(6)).stream()
                    .map(r -> JsonCodec.decode(r.value(), ChatEvent.class)).filter(MessageAdded.class::isInstance)
                    .map(MessageAdded.class::cast).filter(m -> m.role() == io.clipizy.contracts.event.MessageRole.USER).toList();
            assertEquals(1, events.size(), "one MessageAdded for one message");
            assertEquals(first, events.get(0).messageId().toString());
        }
        given().auth().oauth2(OidcResource.user("carol")).when().get("/api/chats/" + chat + "/messages").then()
                .statusCode(200).body("total", equalTo(2))
                .body("items[0].role", equalTo("user")).body("items[1].role", equalTo("assistant"));
        given().auth().oauth2(OidcResource.user("dave")).when().get("/api/chats/" + chat + "/messages").then().statusCode(404);
        given().auth().oauth2(OidcResource.user("dave")).contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(404);
        given().auth().oauth2(OidcResource.user("dave")).when().get("/api/chats/" + chat).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("dave")).when().get("/api/projects/" + project + "/chats").then().statusCode(404);
        given().auth().oauth2(OidcResource.user("dave")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/projects/" + project + "/chats").then().statusCode(404);
        given().auth().oauth2(OidcResource.user("dave")).when().delete("/api/projects/" + project).then().statusCode(404);
        given().auth().oauth2(OidcResource.user("carol")).when().get("/api/projects/" + project).then().statusCode(200);
    }

    @Test
    void htmlAndScriptAreStoredAndAnsweredVerbatim() {
        String chat = createChat("kim", createProject("kim", "Markup"));
        String text = "<img src=x onerror=alert(1)> & <script>document.cookie</script> \"quotes\" 'single' \u00e9\u6f22 \ud83c\udfac";
        given().auth().oauth2(OidcResource.user("kim")).contentType(ContentType.JSON.withCharset("UTF-8")).body(JsonCodec.encode(java.util.Map.of("text", text)))
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(201).contentType("application/json");
        String stored = given().auth().oauth2(OidcResource.user("kim")).when().get("/api/chats/" + chat + "/messages").then()
                .statusCode(200).contentType("application/json").extract().path("items[0].text");
        assertEquals(text, stored);
    }

    @Test
    void badMessagesAreClearProblems() {
        String chat = createChat("erin", createProject("erin", "Clip"));
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"   \"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).body("errors.field", hasItem("text"));
        String huge = "a".repeat(1_000_000);
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"" + huge + "\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("https://clipizy.io/problems/payload-too-large"));
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"bell\\u0007\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).body("errors.field", hasItem("text"));
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"nul\\u0000byte\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).body("errors.field", hasItem("text"));
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"attachments\":[]}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).body("errors.field", hasItem("text"));
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON)
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"tabs\\tand\\nnewlines are fine\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(201);
        given().auth().oauth2(OidcResource.user("erin")).contentType(ContentType.JSON).body("{\"text\":\"" + "b".repeat(20_001) + "\"}")
                .when().post("/api/chats/" + chat + "/messages").then().statusCode(413).body("errors.field", hasItem("text"));
        given().auth().oauth2(OidcResource.user("erin")).when().get("/api/chats/" + chat + "/messages").then()
                .statusCode(200).body("items.findAll { it.role == 'user' }.text", equalTo(List.of("tabs\tand\nnewlines are fine")));
    }

    @Test
    void deletingAProjectAnnouncesItAndHidesItsChats() {
        String project = createProject("frank", "Gone soon");
        String chat = createChat("frank", project);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.CHAT_EVENTS)) {
            given().auth().oauth2(OidcResource.user("grace")).when().delete("/api/projects/" + project).then().statusCode(404);
            given().auth().oauth2(OidcResource.user("frank")).when().delete("/api/projects/" + project).then().statusCode(204);
            List<ChatEvent> events = kafka.await(r -> r.key().equals(project), 1, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), ChatEvent.class)).toList();
            assertEquals(1, events.size());
            assertEquals(ProjectDeleted.TYPE, events.get(0).type());
            assertEquals("frank", ((ProjectDeleted) events.get(0)).ownerId());
        }
        given().auth().oauth2(OidcResource.user("frank")).when().get("/api/projects/" + project).then().statusCode(404);
        given().auth().oauth2(OidcResource.user("frank")).when().get("/api/chats/" + chat).then().statusCode(404);
    }
}
