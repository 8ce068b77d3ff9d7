package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Stripe Checkout against a fake Stripe API, and webhooks signed with stripe-java's own helper. */
@QuarkusTest
class StripeTest {
    private static final String SECRET = "whsec_test_clipizy";
    private static final String WEBHOOK = "/api/billing/stripe/webhook";
    private static final String BALANCE = "SELECT balance FROM credit_account WHERE owner_id = ?";

    @ConfigProperty(name = "clipizy.billing.stripe.api-base")
    String stripeBase;

    @Test
    void aPackCheckoutGrantsItsCreditsOnceHoweverOftenTheWebhookIsDelivered() throws Exception {
        String owner = "buyer-" + UUID.randomUUID();
        Response started = given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body("{\"pack\":\"starter\"}")
                .when().post("/api/billing/checkout").then()
                .statusCode(201)
                .body("url", startsWith("https://checkout.stripe.test/"))
                .extract().response();
        String purchaseId = started.path("purchaseId");
        String sessionId = started.path("sessionId");
        String checkout = fakeRequests().stream().filter(r -> r.contains("checkout-" + purchaseId)).findFirst().orElseThrow();
        assertTrue(checkout.startsWith("POST /v1/checkout/sessions checkout-" + purchaseId), checkout);
        assertTrue(checkout.contains("mode=payment"), checkout);
        assertTrue(checkout.contains("client_reference_id=" + owner), checkout);
        assertTrue(checkout.contains("line_items[0][price]=price_pack_starter"), checkout);
        assertTrue(fakeRequests().stream().anyMatch(r -> r.startsWith("POST /v1/customers customer-")),
                "the customer was created with an idempotency key derived from the user");

        String event = event("checkout.session.completed", session(sessionId, owner, "payment", "paid", "pi_" + purchaseId));
        String signature = Webhook.Signature.generateSignatureHeader(event, SECRET, Webhook.Util.getTimeNow());
        given().header("Stripe-Signature", signature).contentType(ContentType.JSON).body(event)
                .when().post(WEBHOOK).then().statusCode(200).body("duplicate", equalTo(false));
        for (int i = 0; i < 4; i++) {
            given().header("Stripe-Signature", signature).contentType(ContentType.JSON).body(event)
                    .when().post(WEBHOOK).then().statusCode(200).body("duplicate", equalTo(true));
        }
        assertEquals(560, Db.number(BALANCE, owner), "60 welcome + 500 from the pack, once");
        assertEquals(1, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'purchased'", owner));
        assertEquals("paid", Db.text("SELECT status FROM purchase WHERE id = ?::uuid", purchaseId));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/billing/purchases").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].product", equalTo("starter"))
                .body("items[0].status", equalTo("paid"))
                .body("items[0].credits", equalTo(500));

        String refund = event("charge.refunded", charge("pi_" + purchaseId, 499, 499));
        given().header("Stripe-Signature", Webhook.Signature.generateSignatureHeader(refund, SECRET, Webhook.Util.getTimeNow()))
                .contentType(ContentType.JSON).body(refund)
                .when().post(WEBHOOK).then().statusCode(200);
        assertEquals(60, Db.number(BALANCE, owner), "a full refund takes the pack's credits back");
        assertEquals("refunded", Db.text("SELECT status FROM purchase WHERE id = ?::uuid", purchaseId));
    }

    @Test
    void forgedStaleOrAlteredWebhooksAreRefusedAndChangeNothing() throws Exception {
        String owner = "victim-" + UUID.randomUUID();
        String sessionId = given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body("{\"pack\":\"agency\"}")
                .when().post("/api/billing/checkout").then().statusCode(201).extract().path("sessionId");
        String event = event("checkout.session.completed", session(sessionId, owner, "payment", "paid", "pi_x"));
        long now = Webhook.Util.getTimeNow();

        String forged = Webhook.Signature.generateSignatureHeader(event, "whsec_attacker", now);
        String stale = Webhook.Signature.generateSignatureHeader(event, SECRET, now - 600);
        String valid = Webhook.Signature.generateSignatureHeader(event, SECRET, now);
        String altered = event.replace("\"paid\"", "\"paid\" ");
        for (String[] attempt : List.of(new String[]{forged, event}, new String[]{stale, event}, new String[]{valid, altered})) {
            given().header("Stripe-Signature", attempt[0]).contentType(ContentType.JSON).body(attempt[1])
                    .when().post(WEBHOOK).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("Stripe-Signature"));
        }
        given().contentType(ContentType.JSON).body(event).when().post(WEBHOOK).then()
                .statusCode(400).body("errors.field", hasItem("Stripe-Signature"));
        String eventId = JsonCodec.mapper().readTree(event).get("id").textValue();
        assertEquals(0, Db.number("SELECT count(*) FROM stripe_event WHERE event_id = ?", eventId));
        assertEquals(0, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'purchased'", owner));
        assertEquals("open", Db.text("SELECT status FROM purchase WHERE checkout_session_id = ?", sessionId));
    }

    @Test
    void aDelayedPaymentGrantsWhenItSucceedsAndNeverWhenItFails() throws Exception {
        String owner = "patient-" + UUID.randomUUID();
        String paidLater = checkoutPack(owner, "creator");
        String neverPaid = checkoutPack(owner, "studio");
        deliver(event("checkout.session.completed", session(paidLater, owner, "payment", "unpaid", "pi_a")));
        deliver(event("checkout.session.completed", session(neverPaid, owner, "payment", "unpaid", "pi_b")));
        assertEquals("pending", Db.text("SELECT status FROM purchase WHERE checkout_session_id = ?", paidLater));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/credits/balance").then()
                .statusCode(200).body("balance", equalTo(60));

        deliver(event("checkout.session.async_payment_succeeded", session(paidLater, owner, "payment", "paid", "pi_a")));
        deliver(event("checkout.session.async_payment_failed", session(neverPaid, owner, "payment", "unpaid", "pi_b")));
        assertEquals(1260, Db.number(BALANCE, owner));
        assertEquals("paid", Db.text("SELECT status FROM purchase WHERE checkout_session_id = ?", paidLater));
        assertEquals("failed", Db.text("SELECT status FROM purchase WHERE checkout_session_id = ?", neverPaid));
    }

    @Test
    void aPlanGrantsItsCreditsOnEveryPaidInvoiceAndFollowsTheSubscription() throws Exception {
        String owner = "subscriber-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.user(owner)).when().post("/api/billing/portal").then()
                .statusCode(404).contentType("application/problem+json");
        String sessionId = given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body("{\"plan\":\"pro\"}")
                .when().post("/api/billing/checkout").then().statusCode(201).extract().path("sessionId");
        assertTrue(fakeRequests().stream().anyMatch(r -> r.contains("mode=subscription")
                && r.contains("subscription_data[metadata][plan]=pro")), "a plan checks out as a subscription");
        String subscriptionId = "sub_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode completed = session(sessionId, owner, "subscription", "paid", null);
        completed.put("subscription", subscriptionId);
        deliver(event("checkout.session.completed", completed));
        String firstInvoice = event("invoice.paid", invoice("in_1" + subscriptionId, subscriptionId, owner, "pro"));
        deliver(firstInvoice);
        deliver(firstInvoice);
        deliver(event("invoice.paid", invoice("in_2" + subscriptionId, subscriptionId, owner, "pro")));
        assertEquals(60 + 2 * 2500, Db.number(BALANCE, owner), "two paid months, each granted once");
        assertEquals(2, Db.number("SELECT count(*) FROM ledger_entry WHERE owner_id = ? AND entry_type = 'subscription_grant'", owner));

        ObjectNode cancelling = JsonCodec.mapper().createObjectNode().put("id", subscriptionId).put("object", "subscription")
                .put("status", "active").put("cancel_at_period_end", true).put("current_period_end", 1_900_000_000L);
        cancelling.putObject("metadata").put("owner_id", owner).put("plan", "pro");
        deliver(event("customer.subscription.updated", cancelling));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/billing/subscription").then()
                .statusCode(200)
                .body("plan", equalTo("pro"))
                .body("status", equalTo("active"))
                .body("cancelAtPeriodEnd", equalTo(true))
                .body("monthlyCredits", equalTo(2500))
                .body("currentPeriodEnd", startsWith("2030-03-17"));
        deliver(event("customer.subscription.deleted", cancelling.put("status", "canceled")));
        given().auth().oauth2(OidcResource.user(owner)).when().get("/api/billing/subscription").then()
                .statusCode(200).body("status", equalTo("canceled"));

        given().auth().oauth2(OidcResource.user(owner)).when().post("/api/billing/portal").then()
                .statusCode(200).body("url", startsWith("https://billing.stripe.test/"));
        given().auth().oauth2(OidcResource.user("nobody-" + UUID.randomUUID())).when().get("/api/billing/subscription").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badCheckoutsAreProblemsAndAFailingProviderIsA503() {
        String user = OidcResource.user("shopper-" + UUID.randomUUID());
        given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"pack\":\"gold\"}")
                .when().post("/api/billing/checkout").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("pack")).body("detail", containsString("gold"));
        given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"pack\":\"starter\",\"plan\":\"pro\"}")
                .when().post("/api/billing/checkout").then()
                .statusCode(400).body("errors.field", hasItem("plan"));
        given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"plan\":\"broken\"}")
                .when().post("/api/billing/checkout").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://clipizy.io/problems/dependency-unavailable"));
        given().auth().oauth2(user).when().get("/api/billing/purchases").then()
                .statusCode(200).body("items.status", hasItem("failed"));
        given().auth().oauth2(user).when().get("/api/billing/catalog").then()
                .statusCode(200)
                .body("packs.name", hasItem("starter"))
                .body("packs[0].credits", equalTo(500))
                .body("packs[0].priceUsd", equalTo(4.99f))
                .body("plans.name", hasItem("enterprise"));
        given().contentType(ContentType.JSON).body("{\"pack\":\"starter\"}")
                .when().post("/api/billing/checkout").then().statusCode(401);
    }

    private String checkoutPack(String owner, String pack) {
        return given().auth().oauth2(OidcResource.user(owner)).contentType(ContentType.JSON)
                .body("{\"pack\":\"" + pack + "\"}")
                .when().post("/api/billing/checkout").then().statusCode(201).extract().path("sessionId");
    }

    private static void deliver(String event) throws Exception {
        given().header("Stripe-Signature", Webhook.Signature.generateSignatureHeader(event, SECRET, Webhook.Util.getTimeNow()))
                .contentType(ContentType.JSON).body(event)
                .when().post(WEBHOOK).then().statusCode(200);
    }

    private static String event(String type, ObjectNode object) {
        ObjectNode event = JsonCodec.mapper().createObjectNode()
                .put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "event").put("type", type).put("api_version", "2025-09-30.clover")
                .put("created", Webhook.Util.getTimeNow()).put("livemode", false);
        event.putObject("data").set("object", object);
        return event.toString();
    }

    private static ObjectNode session(String sessionId, String owner, String mode, String paymentStatus, String paymentIntent) {
        ObjectNode session = JsonCodec.mapper().createObjectNode().put("id", sessionId).put("object", "checkout.session")
                .put("mode", mode).put("payment_status", paymentStatus).put("client_reference_id", owner);
        if (paymentIntent != null) {
            session.put("payment_intent", paymentIntent);
        }
        return session;
    }

    private static ObjectNode invoice(String invoiceId, String subscriptionId, String owner, String plan) {
        ObjectNode invoice = JsonCodec.mapper().createObjectNode().put("id", invoiceId).put("object", "invoice")
                .put("status", "paid");
        ObjectNode details = invoice.putObject("parent").put("type", "subscription_details").putObject("subscription_details")
                .put("subscription", subscriptionId);
        details.putObject("metadata").put("owner_id", owner).put("plan", plan);
        return invoice;
    }

    private static ObjectNode charge(String paymentIntent, long amount, long refunded) {
        return JsonCodec.mapper().createObjectNode().put("id", "ch_" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "charge").put("payment_intent", paymentIntent).put("amount", amount)
                .put("amount_refunded", refunded).put("refunded", refunded == amount);
    }

    private List<String> fakeRequests() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stripeBase + "/_fake/requests")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Arrays.asList(response.body().split("\n"));
    }
}
