package io.clipizy.gateway.provider.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What the fake provider servers share: a Vert.x HTTP server, a log of requests and scripted replies per route. */
public abstract class FakeServer implements AutoCloseable {
    static {
        // The @QuarkusTest classes that run earlier in the same JVM set this for their own server; Vert.x reads it once,
        // when its HTTP server class loads, and the fakes need WebSockets like the real ComfyUI.
        System.clearProperty("vertx.disableWebsockets");
    }

    protected final Vertx vertx = Vertx.vertx();
    protected HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();

    protected void listen(HttpServer created) {
        try {
            server = created.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake server did not start", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The next requests to {@code route} ("POST /prompt", "GET /history") get these replies, in order. */
    public void script(String route, Reply... replies) {
        Deque<Reply> queue = scripted.computeIfAbsent(route, r -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(replies));
        }
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String route) {
        return requests.stream().filter(r -> r.route().equals(route)).collect(Collectors.toList());
    }

    /** The requests whose route starts with {@code prefix} ("GET /history/"). */
    public List<Recorded> requestsUnder(String prefix) {
        return requests.stream().filter(r -> r.route().startsWith(prefix)).collect(Collectors.toList());
    }

    protected void record(HttpServerRequest request, String path, String body) {
        requests.add(new Recorded(request.method().name(), path, request.query(), body,
                request.getHeader("Authorization"), System.currentTimeMillis()));
    }

    /** Answers with the next scripted reply for the route, if any; true when it did. */
    protected boolean scripted(HttpServerRequest request, String route) {
        Deque<Reply> queue = scripted.get(route);
        Reply reply = null;
        if (queue != null) {
            synchronized (queue) {
                reply = queue.pollFirst();
            }
        }
        if (reply == null) {
            return false;
        }
        if (reply.hangs()) {
            return true;
        }
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
        if (reply.retryAfter() != null) {
            request.response().putHeader("Retry-After", reply.retryAfter());
        }
        request.response().end(reply.body() == null ? "" : reply.body());
        return true;
    }

    protected static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
