package io.clipizy.eventhub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two hub instances side by side: the application (A) and a second registry with its own LISTEN connection (B), sharing
 * only the database. A client follows a stream on A, disconnects, and resumes on B, which replays what it missed from
 * the shared store and then delivers live what B hears itself.
 */
@QuarkusTest
class TwoInstancesTest {
    @TestHTTPResource("/ws/events")
    URI endpoint;

    @Inject
    LiveStore store;

    @Inject
    SecondInstance secondInstance;

    @Test
    void aClientResumesOnAnotherInstanceWithoutLosingOrRepeatingAnEvent() throws Exception {
        String owner = "wanda-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        SecondInstance.Running instanceB = secondInstance.start();
        SessionRegistry registryB = instanceB.sessions();
        try {
            BlockingQueue<JsonNode> onA = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .subprotocols("clipizy.v1", "bearer." + OidcResource.user(owner))
                    .buildAsync(URI.create(endpoint.toString().replaceFirst("^http", "ws")), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            onA.add(JsonCodec.decode(data.toString(), JsonNode.class));
                            webSocket.request(1);
                            return null;
                        }
                    }).join();
            publish(owner, taskId, 0, 2);
            awaitStored(taskId, owner, 2);
            socket.sendText("{\"type\":\"subscribe\",\"stream\":\"task:" + taskId + "\",\"after\":0}", true).join();
            publish(owner, taskId, 2, 1);
            List<Long> seenOnA = cursors(onA, 4);
            assertEquals(List.of(0L, 1L, 2L, 3L), seenOnA, "the ack at 0, two replayed events, one live, on instance A");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "moving").join();

            publish(owner, taskId, 3, 3);
            awaitStored(taskId, owner, 6);
            BlockingQueue<JsonNode> onB = new LinkedBlockingQueue<>();
            Session session = registryB.open("b-1", owner, new Session.Outbound() {
                @Override
                public void send(String frame, Runnable written) {
                    onB.add(JsonCodec.decode(frame, JsonNode.class));
                    written.run();
                }

                @Override
                public void close(int code, String reason) {
                    throw new AssertionError("closed " + code + " " + reason);
                }
            });
            session.handle("{\"type\":\"resume\",\"stream\":\"task:" + taskId + "\",\"after\":3}");
            assertEquals("ack", poll(onB).path("type").asText());
            publish(owner, taskId, 6, 2);
            List<Long> seenOnB = cursors(onB, 5);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seenOnB, "missed ones from the shared store, then B's own live ones");
            assertEquals(null, onB.poll(500, TimeUnit.MILLISECONDS), "nothing twice");
            registryB.closed(session);
        } finally {
            instanceB.close();
        }
    }

    private void awaitStored(UUID taskId, String owner, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.after(StreamKey.of(StreamKind.TASK, taskId),
                owner, 0, 100).await().indefinitely().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static List<Long> cursors(BlockingQueue<JsonNode> frames, int count) throws InterruptedException {
        List<Long> cursors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cursors.add(poll(frames).path("cursor").asLong());
        }
        return cursors;
    }

    private static JsonNode poll(BlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode frame = frames.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 30 s");
        }
        return frame;
    }

    private static void publish(String owner, UUID taskId, int from, int count) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = from; sequence < from + count; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(), JsonCodec.encode(TaskEvent.of(
                        new TaskEvent.Correlation(owner, null, null, null, null, null), taskId, TaskKind.AUDIO_ANALYSIS,
                        "local", TaskStatus.RUNNING, 0.5, null, sequence, List.of(), null, null)));
            }
        }
    }
}
