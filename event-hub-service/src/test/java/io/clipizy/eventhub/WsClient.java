package io.clipizy.eventhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client of /ws/events on the JDK's WebSocket: frames are queued as JSON, the close is kept. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the server closed the connection. */
    record Close(int code, String reason) {
    }

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static URI uri(URI http, String query) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + (query == null ? "" : "?" + query));
    }

    /** Connects with the token as the browser would, in the subprotocol list. */
    static WsClient connect(URI endpoint, String token) {
        return connectAsync(endpoint, token).join();
    }

    static CompletableFuture<WsClient> connectAsync(URI endpoint, String token) {
        WsClient client = new WsClient();
        return HTTP.newWebSocketBuilder().subprotocols("clipizy.v1", "bearer." + token)
                .buildAsync(uri(endpoint, null), client).thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    /** The HTTP status answering an upgrade that the server refuses. */
    static int refusal(CompletableFuture<WebSocket> attempt) {
        try {
            attempt.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s" + (closed.isDone() ? ", closed " + closed.join() : ""));
        }
        return frame;
    }

    /** The next frame, which must be of the type. */
    JsonNode next(String type) throws InterruptedException {
        JsonNode frame = next();
        assertEquals(type, frame.path("type").asText(), frame.toString());
        return frame;
    }

    /** The next {@code count} frames, which must all be events. */
    List<JsonNode> events(int count) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(next("event"));
        }
        return events;
    }

    void assertQuiet(Duration wait) throws InterruptedException {
        assertNull(frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS), "no further frame");
    }

    Close awaitClose(Duration wait) {
        return closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JsonCodec.decode(partial.toString(), JsonNode.class));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, error.toString()));
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }
}
