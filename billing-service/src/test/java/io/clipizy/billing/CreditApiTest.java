package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The credit API over real PostgreSQL and Kafka, with signed tokens. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "clipizy_billing_test"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeStripe.class, scope = TestResourceScope.GLOBAL)
class CreditApiTest {
    @TestHTTPResource("/api/credits/balance")
    URI balanceUri;

    @Test
    void theFirstBalanceCallGrantsTheWelcomeCreditsOnceAndAnnouncesThem() throws Exception {
        String owner = "newcomer-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.BILLING_EVENTS)) {
            given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then()
                    .statusCode(200)
                    .body("balance", equalTo(60))
                    .body("currency", equalTo("credits"));
            given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then()
                    .statusCode(200).body("balance", equalTo(60));

            List<ConsumerRecord<String, String>> published = kafka.await(r -> owner.equals(r.key()), 1, Duration.ofSeconds(20));
            assertEquals(1, published.size(), "the welcome grant is announced");
            CreditsChanged changed = JsonCodec.decode(published.get(0).value(), CreditsChanged.class);
            assertEquals(60, changed.balance());
            assertEquals(60, changed.delta());
            assertEquals("welcome_bonus", changed.reason());
            assertEquals(List.of(), kafka.collect(r -> owner.equals(r.key()), Duration.ofSeconds(3)),
                    "seeing the user again announces nothing more");
        }
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ?", owner));
        assertEquals("welcome_bonus", Db.text("SELECT entry_type FROM ledger_entry WHERE owner_id = ?", owner));
        assertEquals(60, Db.number("SELECT balance FROM credit_account WHERE owner_id = ?", owner));
    }

    @Test
    void twentyConcurrentFirstCallsGrantTheWelcomeCreditsOnce() throws Exception {
        String owner = "crowd-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(balanceUri)
                .header("Authorization", "Bearer " + OidcResource.user(owner)).GET().build();
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.BILLING_EVENTS)) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(60, JsonCodec.mapper().readTree(response.body()).get("balance").asLong());
            }
            assertEquals(1, kafka.await(r -> owner.equals(r.key()), 1, Duration.ofSeconds(20)).size());
            assertEquals(List.of(), kafka.collect(r -> owner.equals(r.key()), Duration.ofSeconds(3)),
                    "one grant, one announcement");
        }
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ?", owner));
        assertEquals(60, Db.number("SELECT balance FROM credit_account WHERE owner_id = ?", owner));
    }

    @Test
    void theLedgerListsTheCallersOwnEntriesNewestFirstPageByPage() {
        String owner = "lister-" + UUID.randomUUID();
        String admin = OidcResource.token("root", "admin");
        for (int delta : new int[]{5, -3}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"ownerId\":\"" + owner + "\",\"delta\":" + delta + ",\"reason\":\"support ticket\"}")
                    .when().post("/api/credits/adjustments").then().statusCode(201);
        }

        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions?size=2").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.type", contains("admin_adjustment", "admin_adjustment"))
                .body("items.delta", contains(-3, 5))
                .body("items.balanceAfter", contains(62, 65))
                .body("items.ownerId", everyItem(equalTo(owner)));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions?size=2&page=1").then()
                .statusCode(200)
                .body("items.type", contains("welcome_bonus"))
                .body("items.balanceAfter", contains(60));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/transactions?type=welcome_bonus").then()
                .statusCode(200).body("total", equalTo(1)).body("items.delta", contains(60));

        String stranger = "stranger-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.user(stranger)).when().get("/api/credits/transactions").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.ownerId", contains(stranger))
                .body("items.type", contains("welcome_bonus"));
    }

    @Test
    void badListingParametersAreProblems400NamingTheField() {
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/credits/transactions?type=gift").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("type"))
                .body("detail", containsString("gift"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/credits/transactions?size=0").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("size"));
        given().auth().oauth2(OidcResource.user("alice")).when().get("/api/credits/transactions?page=first").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("page"));
    }

    @Test
    void theCreditApiNeedsAUserToken() {
        given().when().get("/api/credits/balance").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/unauthorized"));
        given().auth().oauth2(OidcResource.token("carol", "guest")).when().get("/api/credits/balance").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/forbidden"));
    }

    @Test
    void healthChecksTheDatabaseAndKafkaForReal() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka"));
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/credits/balance"))
                .body(containsString("/api/credits/adjustments"));
    }
}
