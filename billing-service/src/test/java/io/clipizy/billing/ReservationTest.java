package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reservations: the gateway's service-to-service API and their settlement from task.events. */
@QuarkusTest
class ReservationTest {
    private static final String GATEWAY = OidcResource.token("generation-gateway", "service");
    private static final String ADMIN = OidcResource.token("root", "admin");
    private static final String INBOX = "SELECT count(*) FROM inbox WHERE consumer = 'billing-service.task-events' AND event_id = ?";
    private static final String BALANCE = "SELECT balance FROM credit_account WHERE owner_id = ?";

    @TestHTTPResource("/api/credits/reservations")
    URI reservationsUri;

    @Test
    void aHundredConcurrentReservationsNeverOverdrawTheBalance() throws Exception {
        String owner = "rush-" + UUID.randomUUID();
        topUp(owner, 140);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpRequest reserve = HttpRequest.newBuilder(reservationsUri)
                    .header("Authorization", "Bearer " + GATEWAY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(reserveBody(UUID.randomUUID(), owner, "image_generation", 1)))
                    .build();
            calls.add(http.sendAsync(reserve, HttpResponse.BodyHandlers.ofString()));
        }
        int held = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 201) {
                held++;
            } else {
                assertEquals(402, response.statusCode(), response.body());
                assertTrue(response.body().contains("https://clipizy.io/problems/insufficient-credits"), response.body());
                refused++;
            }
        }
        assertEquals(40, held, "200 credits hold forty 5-credit images");
        assertEquals(60, refused);
        assertEquals(0, Db.number(BALANCE, owner));
        assertEquals(0, Db.number("SELECT sum(delta) FROM ledger_entry WHERE owner_id = ?", owner),
                "the balance is exactly what the ledger adds up to");
        assertEquals(0, Db.number("SELECT min(balance_after) FROM ledger_entry WHERE owner_id = ?", owner));
        assertEquals(40, Db.number("SELECT count(*) FROM credit_reservation WHERE owner_id = ?", owner),
                "a refused reservation leaves no row behind");
        assertEquals(40, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'reserved'", owner));
    }

    @Test
    void reservingTheSameTaskAgainHoldsItsCreditsOnce() throws Exception {
        String owner = "retry-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON).body(reserveBody(task, owner, "video_generation", 90))
                .when().post("/api/credits/reservations").then()
                .statusCode(201)
                .body("taskId", equalTo(task.toString()))
                .body("ownerId", equalTo(owner))
                .body("credits", equalTo(30))
                .body("status", equalTo("RESERVED"))
                .body("balanceAfter", equalTo(30));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON).body(reserveBody(task, owner, "video_generation", 90))
                .when().post("/api/credits/reservations").then()
                .statusCode(200).body("credits", equalTo(30)).body("balanceAfter", equalTo(30));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON).body(reserveBody(task, "someone-else", "video_generation", 90))
                .when().post("/api/credits/reservations").then()
                .statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(GATEWAY).when().get("/api/credits/reservations/" + task).then()
                .statusCode(200).body("status", equalTo("RESERVED"));
        assertEquals(30, Db.number(BALANCE, owner));
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'reserved'", owner));
        assertEquals("2026-11-01", Db.text("SELECT pricing_version FROM credit_reservation WHERE task_id = ?", task));
    }

    @Test
    void successCapturesOnceHoweverOftenItIsDelivered() throws Exception {
        String owner = "winner-" + UUID.randomUUID();
        UUID task = reserve(owner, "image_generation", 2);
        assertEquals(50, Db.number(BALANCE, owner));
        TaskEvent running = event(owner, task, TaskStatus.RUNNING, 1);
        TaskEvent succeeded = event(owner, task, TaskStatus.SUCCEEDED, 2);
        TaskEvent failedLate = event(owner, task, TaskStatus.FAILED, 3);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(running));
            for (int i = 0; i < 3; i++) {
                kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(succeeded));
            }
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(failedLate));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), INBOX, failedLate.eventId()));
        assertEquals("CAPTURED", Db.text("SELECT status FROM credit_reservation WHERE task_id = ?", task));
        assertEquals(10, Db.number("SELECT charged FROM credit_reservation WHERE task_id = ?", task));
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE reference = ? AND entry_type = 'captured'", task.toString()));
        assertEquals(0, Db.number("SELECT count(*) FROM ledger_entry WHERE reference = ? AND entry_type = 'released'", task.toString()),
                "a failure reported after the success gives nothing back");
        assertEquals(50, Db.number(BALANCE, owner));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON).body("{\"taskId\":\"" + task + "\"}")
                .when().post("/api/credits/reservations/release").then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void failureAndCancellationReleaseOnceHoweverOftenTheyAreDelivered() throws Exception {
        String owner = "loser-" + UUID.randomUUID();
        UUID failedTask = reserve(owner, "music_generation", 1);
        UUID cancelledTask = reserve(owner, "image_generation", 1);
        assertEquals(35, Db.number(BALANCE, owner));
        TaskEvent failed = event(owner, failedTask, TaskStatus.FAILED, 1);
        TaskEvent cancelled = event(owner, cancelledTask, TaskStatus.CANCELLED, 1);
        TaskEvent succeededLate = event(owner, failedTask, TaskStatus.SUCCEEDED, 2);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < 3; i++) {
                kafka.send(Topics.TASK_EVENTS, failedTask.toString(), JsonCodec.encode(failed));
                kafka.send(Topics.TASK_EVENTS, cancelledTask.toString(), JsonCodec.encode(cancelled));
            }
            kafka.send(Topics.TASK_EVENTS, failedTask.toString(), JsonCodec.encode(succeededLate));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), INBOX, succeededLate.eventId()));
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), INBOX, cancelled.eventId()));
        assertEquals("RELEASED", Db.text("SELECT status FROM credit_reservation WHERE task_id = ?", failedTask));
        assertEquals("RELEASED", Db.text("SELECT status FROM credit_reservation WHERE task_id = ?", cancelledTask));
        assertEquals(2, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'released'", owner));
        assertEquals(0, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'captured'", owner));
        assertEquals(60, Db.number(BALANCE, owner), "every held credit came back, once");
        assertEquals(60, Db.number("SELECT sum(delta) FROM ledger_entry WHERE owner_id = ?", owner));
    }

    @Test
    void aCaptureOfLessThanWasHeldReleasesTheRestAndSurvivesTheEventThatFollows() throws Exception {
        String owner = "thrifty-" + UUID.randomUUID();
        UUID task = reserve(owner, "video_generation", 120);
        assertEquals(20, Db.number(BALANCE, owner));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                    .body("{\"taskId\":\"" + task + "\",\"actualQuantity\":30}")
                    .when().post("/api/credits/reservations/capture").then()
                    .statusCode(200)
                    .body("status", equalTo("CAPTURED"))
                    .body("credits", equalTo(10))
                    .body("balanceAfter", equalTo(50));
        }
        TaskEvent succeeded = event(owner, task, TaskStatus.SUCCEEDED, 2);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, task.toString(), JsonCodec.encode(succeeded));
        }
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), INBOX, succeeded.eventId()));
        assertEquals(50, Db.number(BALANCE, owner));
        assertEquals(List.of("reserved", "captured", "released"), entryTypes(owner));
        assertEquals(20, Db.number("SELECT balance_after FROM ledger_entry WHERE owner_id = ? AND entry_type = 'captured'", owner),
                "a capture moves nothing: the credits left the balance when they were reserved");
        assertEquals(50, Db.number("SELECT balance_after FROM ledger_entry WHERE owner_id = ? AND entry_type = 'released'", owner));
    }

    @Test
    void aReservationWhoseTaskWentSilentIsReleasedByTheSweeper() throws Exception {
        String owner = "ghost-" + UUID.randomUUID();
        UUID silent = reserve(owner, "image_generation", 1);
        UUID alive = reserve(owner, "image_generation", 1);
        Db.number("WITH u AS (UPDATE credit_reservation SET last_activity_at = now() - interval '3 hours' "
                + "WHERE task_id = ? RETURNING 1) SELECT count(*) FROM u", silent);
        assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20),
                "SELECT count(*) FROM credit_reservation WHERE task_id = ? AND status = 'RELEASED'", silent));
        assertEquals("RESERVED", Db.text("SELECT status FROM credit_reservation WHERE task_id = ?", alive));
        assertEquals(55, Db.number(BALANCE, owner));
        assertEquals("Task went silent", Db.text("SELECT note FROM ledger_entry WHERE reference = ? AND entry_type = 'released'",
                silent.toString()));
    }

    @Test
    void aSignOfLifeIsRecordedWhenTheLastIsOlderThanAMinuteAndOnlyForTheReservationsOwner() throws Exception {
        String owner = "alive-" + UUID.randomUUID();
        UUID stale = reserve(owner, "image_generation", 1);
        UUID recent = reserve(owner, "image_generation", 1);
        UUID foreign = reserve(owner, "image_generation", 1);
        String age = "SELECT count(*) FROM credit_reservation WHERE task_id = ? AND last_activity_at < now() - interval '20 minutes'";
        for (UUID task : List.of(stale, foreign)) {
            Db.number("WITH u AS (UPDATE credit_reservation SET last_activity_at = now() - interval '30 minutes' "
                    + "WHERE task_id = ? RETURNING 1) SELECT count(*) FROM u", task);
        }
        String recentBefore = Db.text("SELECT last_activity_at::text FROM credit_reservation WHERE task_id = ?", recent);
        TaskEvent staleRunning = event(owner, stale, TaskStatus.RUNNING, 1);
        TaskEvent recentRunning = event(owner, recent, TaskStatus.RUNNING, 1);
        TaskEvent foreignRunning = event("someone-else-" + UUID.randomUUID(), foreign, TaskStatus.RUNNING, 1);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(Topics.TASK_EVENTS, stale.toString(), JsonCodec.encode(staleRunning));
            kafka.send(Topics.TASK_EVENTS, recent.toString(), JsonCodec.encode(recentRunning));
            kafka.send(Topics.TASK_EVENTS, foreign.toString(), JsonCodec.encode(foreignRunning));
        }
        for (TaskEvent e : List.of(staleRunning, recentRunning, foreignRunning)) {
            // a sign of life is harmless to repeat and takes no inbox row; its usage row shows it was consumed
            assertEquals(1, Db.awaitNumber(1, Duration.ofSeconds(20), "SELECT count(*) FROM task_usage WHERE task_id = ?",
                    e.taskId()));
            assertEquals(0, Db.number(INBOX, e.eventId()));
        }
        assertEquals(0, Db.number(age, stale), "a sign of life after 30 min of silence is recorded");
        assertEquals(recentBefore, Db.text("SELECT last_activity_at::text FROM credit_reservation WHERE task_id = ?", recent),
                "a sign of life within the minute writes nothing");
        assertEquals(1, Db.number(age, foreign), "an event naming another owner leaves the reservation as it is");
        for (UUID task : List.of(stale, recent, foreign)) {
            assertEquals("RESERVED", Db.text("SELECT status FROM credit_reservation WHERE task_id = ?", task));
        }
    }

    @Test
    void onlyServicesMayReserveAndBadRequestsAreProblems400() {
        String owner = "sneaky-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body(reserveBody(UUID.randomUUID(), owner, "image_generation", 1))
                .when().post("/api/credits/reservations").then()
                .statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(reserveBody(UUID.randomUUID(), owner, "image_generation", 1))
                .when().post("/api/credits/reservations").then()
                .statusCode(401);
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body("{\"ownerId\":\"x\",\"kind\":\"image_generation\",\"quantity\":1}")
                .when().post("/api/credits/reservations").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("taskId"));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body(reserveBody(UUID.randomUUID(), owner, "image_generation", -1))
                .when().post("/api/credits/reservations").then()
                .statusCode(400).body("errors.field", hasItem("quantity"));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body(reserveBody(UUID.randomUUID(), owner, "image_generation", 5_000_000))
                .when().post("/api/credits/reservations").then()
                .statusCode(400).body("errors.field", hasItem("quantity"));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body(reserveBody(UUID.randomUUID(), owner, "hologram_generation", 1))
                .when().post("/api/credits/reservations").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("hologram_generation"));
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body("{\"taskId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/credits/reservations/capture").then()
                .statusCode(404).contentType("application/problem+json");
    }

    static UUID reserve(String owner, String kind, double quantity) {
        UUID task = UUID.randomUUID();
        given().auth().oauth2(GATEWAY).contentType(ContentType.JSON).body(reserveBody(task, owner, kind, quantity))
                .when().post("/api/credits/reservations").then().statusCode(201);
        return task;
    }

    static TaskEvent event(String owner, UUID taskId, TaskStatus status, long sequence) {
        ErrorInfo error = status == TaskStatus.FAILED ? new ErrorInfo(ErrorCode.PROVIDER_UNAVAILABLE, "down", true) : null;
        return TaskEvent.of(new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, TaskKind.IMAGE_GENERATION,
                "local", status, status == TaskStatus.SUCCEEDED ? 1 : 0, null, sequence, List.of(), null, error);
    }

    private static void topUp(String owner, long credits) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"ownerId\":\"" + owner + "\",\"delta\":" + credits + ",\"reason\":\"test budget\"}")
                .when().post("/api/credits/adjustments").then().statusCode(201);
    }

    private static List<String> entryTypes(String owner) throws Exception {
        List<String> types = new ArrayList<>();
        long count = Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type <> 'welcome_bonus'", owner);
        for (int i = 0; i < count; i++) {
            types.add(Db.text("SELECT entry_type FROM ledger_entry WHERE owner_id = ? AND entry_type <> 'welcome_bonus' "
                    + "ORDER BY id OFFSET " + i + " LIMIT 1", owner));
        }
        return types;
    }

    private static String reserveBody(UUID task, String owner, String kind, double quantity) {
        return "{\"taskId\":\"" + task + "\",\"ownerId\":\"" + owner + "\",\"kind\":\"" + kind + "\",\"quantity\":" + quantity + "}";
    }
}
