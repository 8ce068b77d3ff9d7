package io.clipizy.gateway.fakes;

import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Small helpers for the fake peers' handlers. */
final class Http {
    private Http() {
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JsonCodec.encode(body).getBytes(StandardCharsets.UTF_8));
    }

    static void problem(HttpExchange exchange, int status, String slug, String detail) throws IOException {
        Map<String, Object> problem = new HashMap<>();
        problem.put("type", "https://clipizy.io/problems/" + slug);
        problem.put("title", slug);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", JsonCodec.encode(problem).getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
