package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.infra.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API gateway against small fake services: routing by the shared table, WebSockets, what stays hidden. */
class ApiGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static ApiGateway gateway;
    private static final Map<String, Integer> PORTS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        for (String service : ApiRoutes.load().routes().stream().map(ApiRoutes.Route::service).distinct().toList()) {
            HttpServer server = vertx.createHttpServer()
                    .webSocketHandler(ws -> ws.textMessageHandler(text -> ws.writeTextMessage(service + " echoes " + text)))
                    .requestHandler(req -> req.body().onSuccess(body -> req.response()
                            .putHeader("Content-Type", "text/plain")
                            .end(service + " " + req.method() + " " + req.uri() + " " + body.length())))
                    .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            PORTS.put(service, server.actualPort());
        }
        gateway = ApiGateway.start(0, ApiRoutes.load(), PORTS, null);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesEveryPrefixToItsServiceWithPathAndQuery() throws Exception {
        for (ApiRoutes.Route route : ApiRoutes.load().routes()) {
            if (route.websocket()) {
                continue;
            }
            HttpResponse<String> r = get(route.prefix() + "/x?page=2");
            assertEquals(200, r.statusCode(), route.prefix());
            assertEquals(route.service() + " GET " + route.prefix() + "/x?page=2 0", r.body());
        }
    }

    @Test
    void streamsRequestBodiesThrough() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + "/api/media"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("media-service POST /api/media " + body.length, r.body());
    }

    @Test
    void internalEndpointsAndUnknownApisAreNotFoundProblems() throws Exception {
        for (String path : new String[] {"/api/internal/media/outputs", "/api/nothing-here", "/api/mediax"}) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body().contains("\"status\":404"), r.body());
        }
    }

    @Test
    void webSocketsAreProxiedToTheEventHub() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + gateway.port() + "/ws/events"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"ping\"}", true);
        assertEquals("event-hub-service echoes {\"type\":\"ping\"}", reply.get(10, TimeUnit.SECONDS));
        ws.abort();
    }

    @Test
    void theRootListsTheRoutesUntilAWebClientExists() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("/api/projects"), r.body());
    }

    @Test
    void servesTheWebClientWithClientSideRoutesAndNoEscape(@TempDir Path web) throws Exception {
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Clipizy</title>");
        Files.writeString(web.resolve("app.js"), "console.log(1)");
        try (ApiGateway withWeb = ApiGateway.start(0, ApiRoutes.load(), PORTS, web)) {
            String base = "http://localhost:" + withWeb.port();
            assertEquals("console.log(1)", HTTP.send(HttpRequest.newBuilder(URI.create(base + "/app.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/projects/42")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("<title>Clipizy</title>"));
            HttpResponse<String> escape = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/..%2f..%2fetc/passwd")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(!escape.body().contains("root:"), escape.body());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/1")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
