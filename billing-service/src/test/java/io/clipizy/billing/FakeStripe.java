package io.clipizy.billing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small fake of the Stripe API endpoints billing-service calls (customers, Checkout Sessions, portal sessions),
 * form-encoded in, JSON out, replaying the first answer for a repeated Idempotency-Key as Stripe does. What it
 * received is readable at {@code GET /_fake/requests}, one line per request: method, path, idempotency key, body.
 */
public class FakeStripe implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> byIdempotencyKey = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of("clipizy.billing.stripe.api-base", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/_fake/requests")) {
            respond(exchange, 200, String.join("\n", received));
            return;
        }
        String body = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        received.add(exchange.getRequestMethod() + " " + path + " " + key + " " + body);
        if (auth == null || !auth.equals("Bearer sk_test_clipizy")) {
            respond(exchange, 401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key\"}}");
            return;
        }
        if (body.contains("price_plan_broken")) {
            respond(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
            return;
        }
        String answer = key == null ? create(path) : byIdempotencyKey.computeIfAbsent(key, k -> create(path));
        if (answer == null) {
            respond(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL\"}}");
            return;
        }
        respond(exchange, 200, answer);
    }

    private static String create(String path) {
        String id = UUID.randomUUID().toString().replace("-", "");
        switch (path) {
            case "/v1/customers":
                return "{\"id\":\"cus_" + id + "\",\"object\":\"customer\"}";
            case "/v1/checkout/sessions":
                return "{\"id\":\"cs_test_" + id + "\",\"object\":\"checkout.session\",\"url\":\"https://checkout.stripe.test/c/pay/cs_test_"
                        + id + "\"}";
            case "/v1/billing_portal/sessions":
                return "{\"id\":\"bps_" + id + "\",\"object\":\"billing_portal.session\",\"url\":\"https://billing.stripe.test/p/session/"
                        + id + "\"}";
            default:
                return null;
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_fake");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
