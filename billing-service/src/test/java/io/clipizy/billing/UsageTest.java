package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard's usage analytics, and a user's ledger kept from everyone else. */
@QuarkusTest
class UsageTest {
    private static final String INBOX = "SELECT count(*) FROM inbox WHERE consumer = 'billing-service.task-events' AND event_id = ?";

    @Test
    void usageShowsCreditsPerKindPerDayTasksRunSuccessRateAndMinutesRendered() throws Exception {
        String owner = "dashboard-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        given().auth().oauth2(token).when().get("/api/billing/usage").then()
                .statusCode(200)
                .body("creditsSpent", equalTo(0))
                .body("tasks.run", equalTo(0))
                .body("successRate", nullValue());

        UUID images = ReservationTest.reserve(owner, "image_generation", 2);
        UUID render = ReservationTest.reserve(owner, "video_composition", 90);
        UUID song = ReservationTest.reserve(owner, "music_generation", 1);
        TaskEvent last = event(owner, song, TaskKind.MUSIC_GENERATION, TaskStatus.FAILED);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, images.toString(),
                    JsonCodec.encode(event(owner, images, TaskKind.IMAGE_GENERATION, TaskStatus.SUCCEEDED)));
            kafka.send(Topics.TASK_EVENTS, render.toString(),
                    JsonCodec.encode(event(owner, render, TaskKind.VIDEO_COMPOSITION, TaskStatus.SUCCEEDED)));
            kafka.send(Topics.TASK_EVENTS, song.toString(), JsonCodec.encode(last));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), INBOX, last.eventId()));
        assertEquals(2, Db.awaitNumber(2, Duration.ofSeconds(20),
                "SELECT count(*) FROM credit_reservation WHERE owner_id = ? AND status = 'CAPTURED'", owner));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonPath usage = given().auth().oauth2(token).when().get("/api/billing/usage?days=7").then()
                .statusCode(200)
                .body("days", equalTo(7))
                .body("creditsSpent", equalTo(10 + 8))
                .body("daily.day", contains(today, today))
                .body("daily.kind", contains("image_generation", "video_composition"))
                .body("daily.credits", contains(10, 8))
                .body("tasks.run", equalTo(3))
                .body("tasks.succeeded", equalTo(2))
                .body("tasks.failed", equalTo(1))
                .extract().jsonPath();
        assertEquals(2.0 / 3, usage.getDouble("successRate"), 1e-6);
        assertEquals(1.5, usage.getDouble("minutesRendered"), 1e-6, "a 90-second render");

        given().auth().oauth2(OidcResource.user("someone-" + UUID.randomUUID())).when().get("/api/billing/usage").then()
                .statusCode(200).body("tasks.run", equalTo(0)).body("creditsSpent", equalTo(0));
        given().auth().oauth2(token).when().get("/api/billing/usage?days=0").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("days"));
    }

    @Test
    void anotherUsersLedgerEntryIsA404() {
        String owner = "private-" + UUID.randomUUID();
        int id = given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions").then()
                .statusCode(200).extract().path("items[0].id");
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions/" + id).then()
                .statusCode(200).body("ownerId", equalTo(owner)).body("type", equalTo("welcome_bonus"));
        given().auth().oauth2(OidcResource.user("snoop-" + UUID.randomUUID())).when().get("/api/credits/transactions/" + id).then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/not-found"));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions/999999999").then()
                .statusCode(404);
    }

    private static TaskEvent event(String owner, UUID taskId, TaskKind kind, TaskStatus status) {
        ErrorInfo error = status == TaskStatus.FAILED ? new ErrorInfo(ErrorCode.PROVIDER_REJECTED, "refused", false) : null;
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, kind, "local", status,
                status == TaskStatus.SUCCEEDED ? 1 : 0, null, 1, List.of(), null, error);
    }
}
