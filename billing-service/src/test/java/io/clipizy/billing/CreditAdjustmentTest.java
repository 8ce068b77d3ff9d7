package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admin adjustments: admins only, never below 0, safe under concurrency and retries. */
@QuarkusTest
class CreditAdjustmentTest {
    private static final String ADMIN = OidcResource.token("root", "admin");

    @TestHTTPResource("/api/credits/adjustments")
    URI adjustmentsUri;

    @Test
    void aUserWithoutTheAdminRoleCannotAdjust() throws Exception {
        String owner = "greedy-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body(body(owner, 1000, "I deserve it"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/forbidden"));
        assertEquals(0, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ?", owner));
    }

    @Test
    void anAdminAdjustmentIsAppliedAnnouncedAndAnOverdrawIsRefused() throws Exception {
        String owner = "customer-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.BILLING_EVENTS)) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(body(owner, 40, "refund for a failed render"))
                    .when().post("/api/credits/adjustments").then()
                    .statusCode(201)
                    .body("type", equalTo("admin_adjustment"))
                    .body("ownerId", equalTo(owner))
                    .body("delta", equalTo(40))
                    .body("balanceAfter", equalTo(100))
                    .body("note", equalTo("refund for a failed render"));

            List<CreditsChanged> events = kafka.await(r -> owner.equals(r.key()), 2, Duration.ofSeconds(20)).stream()
                    .map(r -> JsonCodec.decode(r.value(), CreditsChanged.class)).toList();
            assertEquals(List.of("welcome_bonus", "admin_adjustment"), events.stream().map(CreditsChanged::reason).toList(),
                    "an unseen user's account is opened first, then adjusted, each change announced in order");
            assertEquals(100, events.get(1).balance());
            assertEquals(40, events.get(1).delta());

            given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(body(owner, -101, "too much"))
                    .when().post("/api/credits/adjustments").then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://clipizy.io/problems/conflict"));
            assertEquals(List.of(), kafka.collect(r -> owner.equals(r.key()), Duration.ofSeconds(3)),
                    "a refused adjustment announces nothing");
        }
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then()
                .statusCode(200).body("balance", equalTo(100));
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'admin_adjustment'", owner));
        assertEquals("root", Db.text("SELECT actor_id FROM ledger_entry WHERE owner_id = ? AND entry_type = 'admin_adjustment'", owner));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(body(owner, -100, "account closed"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(201).body("balanceAfter", equalTo(0));
    }

    @Test
    void concurrentDebitsNeverTakeTheBalanceBelowZero() throws Exception {
        String owner = "contested-" + UUID.randomUUID();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest debit = HttpRequest.newBuilder(adjustmentsUri)
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(owner, -7, "chargeback"))).build();
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then().body("balance", equalTo(60));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(http.sendAsync(debit, HttpResponse.BodyHandlers.ofString()));
        }
        int applied = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            if (response.statusCode() == 201) {
                applied++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                refused++;
            }
        }
        assertEquals(8, applied, "60 credits cover eight debits of 7");
        assertEquals(4, refused);
        assertEquals(4, Db.number("SELECT balance FROM credit_account WHERE owner_id = ?", owner));
        assertEquals(4, Db.number("SELECT sum(delta) FROM ledger_entry WHERE owner_id = ?", owner),
                "the balance is exactly what the ledger adds up to");
        assertEquals(4, Db.number("SELECT min(balance_after) FROM ledger_entry WHERE owner_id = ?", owner));
    }

    @Test
    void aRetriedAdjustmentWithTheSameIdempotencyKeyAppliesOnce() throws Exception {
        String owner = "retried-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        long id = ((Number) given().auth().oauth2(ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body(owner, 25, "goodwill"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(201).body("balanceAfter", equalTo(85))
                .extract().path("id")).longValue();
        given().auth().oauth2(ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body(owner, 25, "goodwill"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(200).body("id", equalTo((int) id)).body("balanceAfter", equalTo(85));
        given().auth().oauth2(ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body(owner, 30, "goodwill"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(409).contentType("application/problem+json");
        assertEquals(85, Db.number("SELECT balance FROM credit_account WHERE owner_id = ?", owner));
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'admin_adjustment'", owner));
    }

    @Test
    void badAdjustmentsAreProblems400NamingTheField() throws Exception {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"delta\":5}")
                .when().post("/api/credits/adjustments").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("ownerId", "reason"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body("someone", 0, "nothing"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(400).body("errors.field", hasItem("delta"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body("someone", 5_000_000_000L, "a lot"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(400).body("errors.field", hasItem("delta"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"ownerId\":\"someone\",\"delta\":\"many\",\"reason\":\"x\"}")
                .when().post("/api/credits/adjustments").then()
                .statusCode(400).body("errors.field", hasItem("delta"));
        given().auth().oauth2(ADMIN).header("Idempotency-Key", "k".repeat(256)).contentType(ContentType.JSON)
                .body(body("someone", 5, "x"))
                .when().post("/api/credits/adjustments").then()
                .statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        assertEquals(0, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = 'someone'"));
    }

    @Test
    void theLedgerCannotBeRewrittenBehindTheServicesBack() throws Exception {
        String owner = "auditor-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then().statusCode(200);
        SQLException update = assertThrows(SQLException.class, () -> Db.number(
                "WITH u AS (UPDATE ledger_entry SET delta = 1000 WHERE owner_id = ? RETURNING 1) SELECT count(*) FROM u", owner));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        SQLException delete = assertThrows(SQLException.class, () -> Db.number(
                "WITH d AS (DELETE FROM ledger_entry WHERE owner_id = ? RETURNING 1) SELECT count(*) FROM d", owner));
        assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
        assertEquals(60, Db.number("SELECT sum(delta) FROM ledger_entry WHERE owner_id = ?", owner));
    }

    private static String body(String ownerId, long delta, String reason) {
        return "{\"ownerId\":\"" + ownerId + "\",\"delta\":" + delta + ",\"reason\":\"" + reason + "\"}";
    }
}
