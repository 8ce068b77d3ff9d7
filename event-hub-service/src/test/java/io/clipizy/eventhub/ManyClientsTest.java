package io.clipizy.eventhub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A thousand live connections at once, two per user: each gets exactly its owner's events, and the meters count them. */
@QuarkusTest
class ManyClientsTest {
    private static final int USERS = 500;
    private static final int PER_USER = 2;

    @TestHTTPResource("/ws/events")
    URI endpoint;

    @Test
    void aThousandConcurrentClientsEachReceiveOnlyTheirOwnersEventsExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> owners = new ArrayList<>();
        List<CompletableFuture<WsClient>> opening = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String owner = "crowd-" + run + "-" + u;
            owners.add(owner);
            String token = OidcResource.user(owner);
            for (int c = 0; c < PER_USER; c++) {
                opening.add(WsClient.connectAsync(endpoint, token));
            }
        }
        List<WsClient> clients = new ArrayList<>();
        try {
            for (CompletableFuture<WsClient> open : opening) {
                clients.add(open.join());
            }
            clients.forEach(client -> client.socket.sendText("{\"type\":\"subscribe\",\"stream\":\"user\"}", true));
            for (WsClient client : clients) {
                client.next("ack");
            }
            assertTrue(gauge("eventhub_connections") >= USERS * PER_USER, "every connection is counted");

            List<UUID> tasks = new ArrayList<>();
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (String owner : owners) {
                    UUID taskId = UUID.randomUUID();
                    tasks.add(taskId);
                    kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(ReplayApiTest.running(owner, taskId, 0)));
                }
            }
            for (int i = 0; i < clients.size(); i++) {
                JsonNode event = clients.get(i).next("event");
                int user = i / PER_USER;
                assertEquals("user:" + owners.get(user), event.path("stream").asText());
                assertEquals(1, event.path("cursor").asLong());
                assertEquals(tasks.get(user).toString(), event.path("event").path("taskId").asText());
            }
            clients.get(0).assertQuiet(Duration.ofMillis(500));
            assertTrue(gauge("eventhub_deliveries_total") >= USERS * PER_USER, "every delivery is counted");
            assertTrue(given().when().get("/q/metrics").then().extract().asString()
                    .contains("kafka_consumer_fetch_manager_records_lag"), "consumer lag is exported");
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    private static double gauge(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
