package io.clipizy.gateway.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for media-service's public content endpoint, as its contract says: {@code GET /api/media/{id}/content}
 * with the owner's bearer token, bytes with Content-Type and Content-Length, single {@code Range} requests answered
 * 206 with Content-Range (416 when unsatisfiable), 404 problem for unknown or another owner's media, 409 when not
 * ready. Media are registered by tests together with the token that owns them.
 */
public class FakeMediaServer implements QuarkusTestResourceLifecycleManager {
    private static final Pattern PATH = Pattern.compile("/api/media/([0-9a-f-]{36})/content");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Map<UUID, Media> MEDIA = new ConcurrentHashMap<>();
    private static final Map<UUID, String> LAST_AUTHORIZATION = new ConcurrentHashMap<>();
    private HttpServer server;

    private record Media(byte[] bytes, String contentType, String ownerToken, boolean ready) {
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/api/media/", this::handle);
            server.start();
            return Map.of("clipizy.jobs.media-url", "http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake media-service", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Makes {@code bytes} readable as media {@code id} by the holder of {@code ownerToken}. */
    public static void put(UUID id, byte[] bytes, String contentType, String ownerToken) {
        MEDIA.put(id, new Media(bytes, contentType, ownerToken, true));
    }

    /** A media that exists but is still processing (409). */
    public static void putProcessing(UUID id, String ownerToken) {
        MEDIA.put(id, new Media(new byte[0], "video/mp4", ownerToken, false));
    }

    /** The Authorization header of the last request for that media. */
    public static String lastAuthorization(UUID id) {
        return LAST_AUTHORIZATION.get(id);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !path.matches()) {
                problem(exchange, 404, "not-found", "Nothing here");
                return;
            }
            UUID id = UUID.fromString(path.group(1));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                LAST_AUTHORIZATION.put(id, authorization);
            }
            Media media = MEDIA.get(id);
            if (media == null || authorization == null || !authorization.equals("Bearer " + media.ownerToken())) {
                problem(exchange, 404, "not-found", "Media not found");
                return;
            }
            if (!media.ready()) {
                problem(exchange, 409, "conflict", "The media is not ready");
                return;
            }
            byte[] bytes = media.bytes();
            exchange.getResponseHeaders().add("Content-Type", media.contentType());
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().add("ETag", "\"" + id + "\"");
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            int to = bytes.length - 1;
            int status = 200;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    problem(exchange, 416, "range-not-satisfiable", "Unsupported range");
                    return;
                }
                if (m.group(1).isEmpty()) {
                    from = Math.max(0, bytes.length - Integer.parseInt(m.group(2)));
                } else {
                    from = Integer.parseInt(m.group(1));
                    to = m.group(2).isEmpty() ? bytes.length - 1 : Math.min(bytes.length - 1, Integer.parseInt(m.group(2)));
                }
                if (from >= bytes.length || from > to) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
                    problem(exchange, 416, "range-not-satisfiable", "Range outside the content");
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
            }
            int length = to - from + 1;
            exchange.sendResponseHeaders(status, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, from, length);
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
        byte[] body = ("{\"type\":\"https://clipizy.io/problems/" + type + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
