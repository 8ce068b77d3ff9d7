package io.clipizy.local;

import io.clipizy.infra.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local API gateway on {@code http://localhost:8080}: one origin for the browser and the demo, routing
 * {@code /api/...} and {@code /ws/events} to the services by the shared route table ({@link ApiRoutes}, mirrored by the
 * Kubernetes HTTPRoutes), and {@code /} to the web client's built files when they exist.
 *
 * <p>A reverse proxy on Vert.x's {@code vertx-http-proxy} (WebSocket upgrades included) rather than a hand-written
 * one: it streams bodies both ways with back-pressure, so uploads and video downloads pass through without being held
 * in memory. Service-to-service prefixes ({@code /api/internal}) are never exposed; an unknown {@code /api} path is a
 * 404 problem.
 */
public final class ApiGateway implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    private ApiGateway(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Starts listening on the port.
     *
     * @param servicePorts the local port of each service by its name in the route table
     * @param webRoot      the web client's built files, or null when there is none yet
     */
    public static ApiGateway start(int port, ApiRoutes routes, Map<String, Integer> servicePorts, Path webRoot) {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(128).setConnectTimeout(5_000));
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
                .originSelector(request -> origin(routes, servicePorts, request));
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("localhost")
                            .setMaxWebSocketFrameSize(1 << 20))
                    .requestHandler(request -> handle(request, routes, servicePorts, proxy, webRoot))
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new ApiGateway(vertx, server);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("The API gateway could not listen on port " + port + ": " + rootMessage(e), e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    private static void handle(HttpServerRequest request, ApiRoutes routes, Map<String, Integer> ports, HttpProxy proxy,
                               Path webRoot) {
        String path = request.path();
        Optional<ApiRoutes.Route> route = routes.route(path);
        if (route.isPresent() && ports.containsKey(route.get().service())) {
            proxy.handle(request);
        } else if (routes.isBlocked(path) || path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ws/")) {
            problem(request, "No public API at " + path);
        } else if (webRoot != null && Files.isDirectory(webRoot)) {
            serveStatic(request, webRoot, path);
        } else {
            index(request, routes);
        }
    }

    private static Future<SocketAddress> origin(ApiRoutes routes, Map<String, Integer> ports, HttpServerRequest request) {
        return routes.route(request.path())
                .map(r -> Future.succeededFuture(SocketAddress.inetSocketAddress(ports.get(r.service()), "localhost")))
                .orElseGet(() -> Future.failedFuture("no route"));
    }

    /** The web client: files under its root, and index.html for the client-side routes (never a path outside it). */
    private static void serveStatic(HttpServerRequest request, Path webRoot, String path) {
        Path root = webRoot.toAbsolutePath().normalize();
        Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!file.startsWith(root)) {
            problem(request, "No such file");
            return;
        }
        if (!Files.isRegularFile(file)) {
            file = root.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            problem(request, "The web client is not built");
            return;
        }
        request.response().putHeader("Cache-Control", file.getFileName().toString().equals("index.html")
                ? "no-cache" : "public, max-age=300").sendFile(file.toString());
    }

    private static void index(HttpServerRequest request, ApiRoutes routes) {
        JsonArray list = new JsonArray();
        routes.routes().forEach(r -> list.add(new JsonObject().put("prefix", r.prefix()).put("service", r.service())));
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("name", "Clipizy local API gateway")
                        .put("webClient", "not built; the API is below").put("routes", list).encodePrettily());
    }

    private static void problem(HttpServerRequest request, String detail) {
        // the same problem type the services use for a 404 (shared-contracts ProblemType.NOT_FOUND)
        request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "https://clipizy.io/problems/not-found").put("title", "Not found")
                        .put("status", 404).put("detail", detail).put("instance", request.path()).encode());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing on the way out: nothing more to do
        }
    }
}
