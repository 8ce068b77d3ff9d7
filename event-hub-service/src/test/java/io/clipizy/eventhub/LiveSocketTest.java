package io.clipizy.eventhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.clipizy.eventhub.live.CloseCodes;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /ws/events end to end: real broker, real database, signed tokens, the JDK's WebSocket client. */
@QuarkusTest
class LiveSocketTest {
    @TestHTTPResource("/ws/events")
    URI endpoint;

    @Test
    void eventsArriveLiveInCursorOrderExactlyOncePerStream() throws Exception {
        String owner = "lena-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        try (WsClient client = WsClient.connect(endpoint, OidcResource.user(owner))) {
            assertEquals("clipizy.v1", client.socket.getSubprotocol());
            client.send("{\"type\":\"subscribe\",\"id\":\"u\",\"stream\":\"user\"}");
            JsonNode ack = client.next("ack");
            assertEquals("u", ack.path("id").asText());
            assertEquals("user:" + owner, ack.path("stream").asText());
            assertEquals(0, ack.path("cursor").asLong());

            List<TaskEvent> published = new ArrayList<>();
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (int sequence = 0; sequence < 20; sequence++) {
                    TaskEvent event = ReplayApiTest.running(owner, taskId, sequence);
                    published.add(event);
                    kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(event));
                    if (sequence == 4) {
                        kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(event));
                    }
                }
            }
            List<JsonNode> events = client.events(20);
            for (int i = 0; i < 20; i++) {
                assertEquals(i + 1, events.get(i).path("cursor").asLong());
                assertEquals("user:" + owner, events.get(i).path("stream").asText());
                assertEquals(published.get(i).eventId().toString(), events.get(i).path("event").path("eventId").asText());
            }
            client.assertQuiet(Duration.ofMillis(700));
        }
    }

    @Test
    void aReconnectingClientResumesAfterItsCursorWithoutGapsOrDuplicates() throws Exception {
        String owner = "rosa-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        UUID taskId = UUID.randomUUID();
        publish(owner, taskId, 0, 3);
        Replays.await(token, "task:" + taskId, 3);
        long lastSeen;
        try (WsClient first = WsClient.connect(endpoint, token)) {
            first.send("{\"type\":\"resume\",\"stream\":\"task:" + taskId + "\",\"after\":1}");
            assertEquals(1, first.next("ack").path("cursor").asLong());
            List<JsonNode> missed = first.events(2);
            assertEquals(List.of(2L, 3L), List.of(missed.get(0).path("cursor").asLong(), missed.get(1).path("cursor").asLong()));
            lastSeen = 3;
            publish(owner, taskId, 3, 1);
            assertEquals(4, first.next("event").path("cursor").asLong());
            lastSeen = 4;
        }
        publish(owner, taskId, 4, 3);
        Replays.await(token, "task:" + taskId, 7);
        try (WsClient second = WsClient.connect(endpoint, token)) {
            second.send("{\"type\":\"resume\",\"stream\":\"task:" + taskId + "\",\"after\":" + lastSeen + "}");
            second.next("ack");
            publish(owner, taskId, 7, 3);
            List<Long> cursors = new ArrayList<>();
            List<Long> sequences = new ArrayList<>();
            for (JsonNode event : second.events(6)) {
                cursors.add(event.path("cursor").asLong());
                sequences.add(event.path("event").path("sequence").asLong());
            }
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), cursors, "missed events, then live ones, each once");
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), sequences);
            second.assertQuiet(Duration.ofMillis(500));
        }
    }

    @Test
    void eventsStoredByAnotherInstanceReachThisInstancesSocketsWhateverTheirSize() throws Exception {
        String owner = "omar-" + UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        try (WsClient client = WsClient.connect(endpoint, OidcResource.user(owner))) {
            client.send("{\"type\":\"subscribe\",\"stream\":\"user:" + owner + "\"}");
            client.next("ack");
            // What another instance's consumer does: store a batch in the shared replay store and announce its cursor
            // range on the channel in the same transaction; the events themselves are read from the store.
            storeAsAnotherInstance(owner, runId, "small", "x".repeat(9000));
            storeAsAnotherInstance(owner, runId, "after");
            List<JsonNode> events = client.events(3);
            assertEquals(List.of(1L, 2L, 3L), events.stream().map(e -> e.path("cursor").asLong()).toList());
            assertEquals("small", events.get(0).path("event").path("note").asText());
            assertEquals(9000, events.get(1).path("event").path("note").asText().length(),
                    "over a notification's limit: never in the announcement, read from the store");
            assertEquals("after", events.get(2).path("event").path("note").asText());
        }
    }

    @Test
    void anotherUsersStreamCannotBeFollowedNorToldApartFromAnUnknownOne() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String mallory = "mallory-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        publish(alice, taskId, 0, 1);
        Replays.await(OidcResource.user(alice), "task:" + taskId, 1);
        try (WsClient client = WsClient.connect(endpoint, OidcResource.user(mallory))) {
            client.send("{\"type\":\"subscribe\",\"id\":1,\"stream\":\"task:" + taskId + "\"}");
            JsonNode theirs = client.next("error");
            client.send("{\"type\":\"subscribe\",\"id\":1,\"stream\":\"task:" + UUID.randomUUID() + "\"}");
            JsonNode unknown = client.next("error");
            client.send("{\"type\":\"resume\",\"id\":1,\"stream\":\"user:" + alice + "\",\"after\":0}");
            JsonNode theirUser = client.next("error");
            assertEquals("not-found", theirs.path("code").asText());
            assertEquals(theirs, unknown);
            assertEquals(theirs, theirUser);
            client.send("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            client.next("ack");
            publish(alice, taskId, 1, 2);
            Replays.await(OidcResource.user(alice), "task:" + taskId, 3);
            client.assertQuiet(Duration.ofMillis(700));
        }
    }

    @Test
    void badFramesAreAnsweredWithErrorsAndAnOversizedFrameClosesWith1009() throws Exception {
        try (WsClient client = WsClient.connect(endpoint, OidcResource.user("bruno-" + UUID.randomUUID()))) {
            client.send("this is not json");
            assertEquals("bad-frame", client.next("error").path("code").asText());
            client.send("[1,2]");
            assertEquals("bad-frame", client.next("error").path("code").asText());
            client.send("{\"type\":\"dance\",\"id\":\"d\"}");
            JsonNode dance = client.next("error");
            assertEquals("type", dance.path("field").asText());
            assertEquals("d", dance.path("id").asText());
            client.send("{\"type\":\"subscribe\"}");
            assertEquals("stream", client.next("error").path("field").asText());
            client.send("{\"type\":\"subscribe\",\"stream\":\"task:not-a-uuid\"}");
            assertEquals("stream", client.next("error").path("field").asText());
            client.send("{\"type\":\"resume\",\"stream\":\"user\"}");
            assertEquals("after", client.next("error").path("field").asText());
            client.send("{\"type\":\"resume\",\"stream\":\"user\",\"after\":-3}");
            assertEquals("after", client.next("error").path("field").asText());
            client.send("{\"type\":\"resume\",\"stream\":\"user\",\"after\":99}");
            assertEquals("after", client.next("error").path("field").asText(), "beyond the stream's last cursor");
            client.send("{\"type\":\"unsubscribe\",\"stream\":\"user\"}");
            assertEquals("not-subscribed", client.next("error").path("code").asText());
            client.send("{\"type\":\"ping\",\"id\":7}");
            assertEquals("7", client.next("pong").path("id").asText(), "the connection survived every bad frame");

            client.send("{\"type\":\"ping\",\"pad\":\"" + "é".repeat(2100) + "\"}");
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(10)).code(), "2,100 characters, 4,200 bytes");
        }
    }

    @Test
    void limitsOnSubscriptionsPerConnectionAndConnectionsPerUser() throws Exception {
        String owner = "lara-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        List<UUID> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID taskId = UUID.randomUUID();
            tasks.add(taskId);
            publish(owner, taskId, 0, 1);
        }
        Replays.await(token, "user:" + owner, 5);
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.connect(endpoint, token));
            }
            WsClient first = clients.get(0);
            for (UUID taskId : tasks) {
                first.send("{\"type\":\"subscribe\",\"stream\":\"task:" + taskId + "\"}");
                first.next("ack");
            }
            first.send("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            assertEquals("limit", first.next("error").path("code").asText());
            first.send("{\"type\":\"unsubscribe\",\"stream\":\"task:" + tasks.get(0) + "\"}");
            assertEquals(1, first.next("ack").path("cursor").asLong());
            first.send("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            assertEquals(5, first.next("ack").path("cursor").asLong());

            WsClient fourth = WsClient.connect(endpoint, token);
            clients.add(fourth);
            assertEquals(4029, fourth.awaitClose(Duration.ofSeconds(10)).code());
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void theUpgradeNeedsAValidUserTokenInTheSubprotocolTheQueryOrTheHeader() throws Exception {
        URI ws = WsClient.uri(endpoint, null);
        assertEquals(401, WsClient.refusal(WsClient.HTTP.newWebSocketBuilder().buildAsync(ws, new WsClient())));
        assertEquals(401, WsClient.refusal(WsClient.HTTP.newWebSocketBuilder()
                .subprotocols("clipizy.v1", "bearer.not-a-token").buildAsync(ws, new WsClient())));
        assertEquals(401, WsClient.refusal(WsClient.HTTP.newWebSocketBuilder()
                .subprotocols("clipizy.v1", "bearer." + OidcResource.token("eve", Duration.ofSeconds(-60), "user"))
                .buildAsync(ws, new WsClient())));
        assertEquals(403, WsClient.refusal(WsClient.HTTP.newWebSocketBuilder()
                .subprotocols("clipizy.v1", "bearer." + OidcResource.token("gus", "guest")).buildAsync(ws, new WsClient())));

        WsClient byQuery = new WsClient();
        byQuery.socket = WsClient.HTTP.newWebSocketBuilder()
                .buildAsync(WsClient.uri(endpoint, "access_token=" + OidcResource.user("quinn")), byQuery).join();
        WsClient byHeader = new WsClient();
        byHeader.socket = WsClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + OidcResource.user("hana"))
                .buildAsync(ws, byHeader).join();
        try (byQuery; byHeader) {
            byQuery.send("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            assertEquals("user:quinn", byQuery.next("ack").path("stream").asText());
            byHeader.send("{\"type\":\"subscribe\",\"stream\":\"user\"}");
            assertEquals("user:hana", byHeader.next("ack").path("stream").asText());
        }
    }

    @Test
    void theConnectionIsClosedWith4001WhenItsTokenExpires() throws Exception {
        String token = OidcResource.token("tom-" + UUID.randomUUID(), Duration.ofSeconds(3), "user");
        try (WsClient client = WsClient.connect(endpoint, token)) {
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            long start = System.nanoTime();
            WsClient.Close close = client.awaitClose(Duration.ofSeconds(15));
            assertEquals(4001, close.code());
            assertTrue(close.reason().contains("token expired"), close.reason());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void heartbeatsKeepAnAnsweringClientOpenPastTheIdleTimeout() throws Exception {
        // The server pings every second (test profile) and the JDK client answers with pongs: the 4 s idle timeout
        // never fires while the client stays silent otherwise.
        try (WsClient client = WsClient.connect(endpoint, OidcResource.user("ida-" + UUID.randomUUID()))) {
            client.assertQuiet(Duration.ofSeconds(9));
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
        }
    }

    @Test
    void aClientThatNeverAnswersThePingsIsClosedAfterTheIdleTimeout() throws Exception {
        // A bare socket: it upgrades, then reads without ever answering a ping (unlike every real client library).
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /ws/events?access_token=" + OidcResource.user("sid-" + UUID.randomUUID())
                    + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            long opened = System.nanoTime();
            int pings = 0;
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                int length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8) {
                    assertEquals(CloseCodes.IDLE, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
                    break;
                }
            }
            assertTrue(pings >= 2, "the server kept pinging: " + pings);
            assertTrue(System.nanoTime() - opened >= Duration.ofSeconds(4).toNanos(), "not before the idle timeout");
        }
    }

    private static void publish(String owner, UUID taskId, int fromSequence, int count) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = fromSequence; sequence < fromSequence + count; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(ReplayApiTest.running(owner, taskId, sequence)));
            }
        }
    }

    /** Stores the notes as one batch of another instance: cursor rows, event rows, one announcement of the range. */
    private static void storeAsAnotherInstance(String owner, UUID runId, String... notes) throws Exception {
        String stream = "user:" + owner;
        try (Connection c = PostgresResource.connect()) {
            c.setAutoCommit(false);
            long last;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO stream_cursor (stream_key, owner_id, last_cursor) VALUES (?, ?, ?)
                    ON CONFLICT (stream_key) DO UPDATE SET last_cursor = stream_cursor.last_cursor + EXCLUDED.last_cursor
                    RETURNING last_cursor""")) {
                ps.setString(1, stream);
                ps.setString(2, owner);
                ps.setLong(3, notes.length);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            long first = last - notes.length + 1;
            for (int i = 0; i < notes.length; i++) {
                UUID eventId = UUID.randomUUID();
                String payload = "{\"type\":\"RunProgress\",\"eventId\":\"" + eventId + "\",\"ownerId\":\"" + owner
                        + "\",\"runId\":\"" + runId + "\",\"note\":\"" + notes[i] + "\"}";
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO replay_event (stream_key, cursor, event_id, owner_id, topic, type, payload, occurred_at)
                        VALUES (?, ?, ?, ?, 'workflow.events', 'RunProgress', ?, ?)""")) {
                    ps.setString(1, stream);
                    ps.setLong(2, first + i);
                    ps.setObject(3, eventId);
                    ps.setString(4, owner);
                    ps.setString(5, payload);
                    ps.setObject(6, OffsetDateTime.now());
                    assertEquals(1, ps.executeUpdate());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('eventhub_events', ?)")) {
                var ranges = JsonCodec.mapper().createArrayNode();
                ranges.addArray().add(owner).add(stream).add(first).add(last);
                var announcement = JsonCodec.mapper().createObjectNode().put("from", "another-instance");
                announcement.set("ranges", ranges);
                ps.setString(1, announcement.toString());
                ps.execute();
            }
            c.commit();
        }
    }
}
