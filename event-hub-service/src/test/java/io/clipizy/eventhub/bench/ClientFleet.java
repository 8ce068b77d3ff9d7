package io.clipizy.eventhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's WebSocket clients on a small Vert.x client (two event-loop threads for all of them): each follows
 * one chat stream of its user, and checks every event frame on arrival — the stream, the cursor (exactly the previous
 * one plus one), the publish→receive latency, and the per-chat sequence number the publisher gave it (duplicates and
 * events older than one already received are counted).
 */
final class ClientFleet implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one phase of the load (a step) saw; the publisher fills in what it sent. */
    static final class Step {
        final String name;
        final Histogram latencyMicros = new ConcurrentHistogram(120_000_000L, 3);
        final LongAdder received = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder reordered = new LongAdder();
        final AtomicLong lastReceiveNanos = new AtomicLong();
        volatile long published;
        volatile long firstPublishNanos;
        volatile long lastPublishNanos;
        volatile boolean aborted;
        /** Where the machine's CPU went while the step was published and drained ({@link CpuMeter#describe}). */
        volatile String cpu = "";

        Step(String name) {
            this.name = name;
        }

        long lost() {
            return published - received.sum();
        }

        /** Distinct events delivered per second, from the first publish to the last delivery. */
        double deliveriesPerSecond() {
            long span = Math.max(lastReceiveNanos.get(), lastPublishNanos) - firstPublishNanos;
            return span <= 0 ? 0 : received.sum() / (span / 1e9);
        }

        /** Events published per second over the publishing window. */
        double publishedPerSecond() {
            long span = lastPublishNanos - firstPublishNanos;
            return span <= 0 ? 0 : published / (span / 1e9);
        }

        double percentileMs(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
        }
    }

    /** One connection, following the chat stream {@code chat:<chat>} of {@code owner}. */
    final class Client {
        final int index;
        final String owner;
        final String token;
        final UUID chat;
        final UUID task;
        final String stream;
        volatile WebSocket socket;
        volatile CompletableFuture<JsonNode> answer;
        private long lastCursor = -1;
        private long maxSequence;
        private final BitSet seen = new BitSet();

        Client(int index, String owner, String token, UUID chat, UUID task) {
            this.index = index;
            this.owner = owner;
            this.token = token;
            this.chat = chat;
            this.task = task;
            this.stream = "chat:" + chat;
        }

        /** Sends a subscribe frame; the answer (ack or error) completes the future. */
        CompletableFuture<JsonNode> subscribe() {
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            answer = reply;
            socket.writeTextMessage("{\"type\":\"subscribe\",\"id\":\"" + index + "\",\"stream\":\"" + stream + "\"}");
            return reply;
        }

        void frame(String text) {
            long now = System.nanoTime();
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (Exception e) {
                unreadable.increment();
                return;
            }
            String type = frame.path("type").asText();
            if (type.equals("event")) {
                event(frame, now);
            } else if (type.equals("ack") || type.equals("error")) {
                if (type.equals("ack")) {
                    lastCursor = frame.path("cursor").asLong();
                }
                CompletableFuture<JsonNode> reply = answer;
                if (reply != null) {
                    reply.complete(frame);
                }
            }
        }

        private void event(JsonNode frame, long now) {
            if (!stream.equals(frame.path("stream").asText())) {
                foreign.increment();
                return;
            }
            long cursor = frame.path("cursor").asLong();
            if (lastCursor >= 0 && cursor != lastCursor + 1) {
                cursorBreaks.increment();
            }
            lastCursor = cursor;
            JsonNode event = frame.path("event");
            String message = event.path("message").asText("");
            int semicolon = message.indexOf(';');
            if (!message.startsWith("t=") || semicolon < 0) {
                unreadable.increment();
                return;
            }
            long published = Long.parseLong(message.substring(2, semicolon));
            int step = Integer.parseInt(message.substring(semicolon + 3));
            if (step < 0) {
                return; // a seed event, published only so that the chat stream exists before it is subscribed
            }
            Step stats = steps.get(step);
            int sequence = (int) event.path("sequence").asLong();
            if (seen.get(sequence)) {
                stats.duplicates.increment();
                return;
            }
            seen.set(sequence);
            if (sequence < maxSequence) {
                stats.reordered.increment();
            }
            maxSequence = Math.max(maxSequence, sequence);
            stats.latencyMicros.recordValue(Math.min(120_000_000L, Math.max(0, (now - published) / 1000)));
            stats.received.increment();
            stats.lastReceiveNanos.accumulateAndGet(now, Math::max);
            delivered.increment();
        }
    }

    final List<Client> clients = new ArrayList<>();
    final Map<Integer, Step> steps = new ConcurrentHashMap<>();
    final LongAdder delivered = new LongAdder();
    final LongAdder cursorBreaks = new LongAdder();
    final LongAdder foreign = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final WebSocketClient client;
    private volatile boolean closing;

    ClientFleet(int connections) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                .setBlockedThreadCheckInterval(60_000));
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections + 100)
                .setConnectTimeout(60_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    }

    Step step(int index, String name) {
        Step step = new Step(name);
        steps.put(index, step);
        return step;
    }

    Client add(String owner, String token) {
        Client c = new Client(clients.size(), owner, token, UUID.randomUUID(), UUID.randomUUID());
        clients.add(c);
        return c;
    }

    /** Opens every client's connection, at most {@code window} handshakes at a time. */
    void connectAll(int port, int window, Consumer<String> progress) throws InterruptedException {
        Semaphore permits = new Semaphore(window);
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (Client c : clients) {
            permits.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            opened.add(done);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI("/ws/events").setSubProtocols(List.of("clipizy.v1", "bearer." + c.token));
            client.connect(options, result -> {
                permits.release();
                if (result.failed()) {
                    done.completeExceptionally(result.cause());
                    return;
                }
                WebSocket ws = result.result();
                c.socket = ws;
                ws.textMessageHandler(c::frame);
                ws.closeHandler(ignored -> {
                    if (!closing) {
                        unexpectedCloses.increment();
                        closeReasons.computeIfAbsent(ws.closeStatusCode() + " " + ws.closeReason(),
                                k -> new LongAdder()).increment();
                    }
                });
                done.complete(null);
            });
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).orTimeout(180, TimeUnit.SECONDS).join();
        progress.accept(clients.size() + " connections open");
    }

    @Override
    public void close() {
        closing = true;
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Client c : clients) {
            if (c.socket != null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                closed.add(done);
                c.socket.close((short) 1000, "bye").onComplete(r -> done.complete(null));
            }
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the hub process is stopped next anyway
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
