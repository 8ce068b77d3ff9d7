package io.clipizy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clipizy.contracts.JsonCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * billing-service's {@code POST /api/pricing/estimate} as chat-service uses it: the answer's shape of the real one
 * ({@code workflowId, pricingVersion, credits, usd, breakdown}), priced from the run's length and resolution, and a
 * record of every call (with its bearer token) for the tests to assert on.
 */
public class FakeBillingService implements QuarkusTestResourceLifecycleManager {
    /** One estimate asked for. */
    public record Call(String authorization, JsonNode body) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** The price the fake asks for a run with these inputs: 1 credit per 10 s (rounded up), x2 at 2160p, at least 5. */
    static long credits(JsonNode inputs) {
        long base = (long) Math.ceil(inputs.path("duration").asDouble(30) / 10);
        long credits = "2160p".equals(inputs.path("resolution").asText()) ? base * 2 : base;
        return Math.max(5, credits);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/pricing/estimate", this::estimate);
        server.start();
        return Map.of("quarkus.rest-client.billing.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void estimate(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        JsonNode body = JsonCodec.decode(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
        CALLS.add(new Call(auth, body));
        if (auth == null || !auth.startsWith("Bearer ")) {
            reply(x, 401, "{\"type\":\"https://clipizy.io/problems/unauthorized\",\"status\":401}");
            return;
        }
        long credits = credits(body.path("inputs"));
        ObjectNode answer = JsonCodec.mapper().createObjectNode();
        answer.put("workflowId", body.path("workflowId").asText()).put("pricingVersion", "test-1").put("credits", credits)
                .put("usd", BigDecimal.valueOf(credits).multiply(new BigDecimal("0.01")));
        answer.putArray("breakdown").addObject().put("item", "render").put("description", "per 10 seconds")
                .put("quantity", credits).put("credits", credits);
        reply(x, 200, JsonCodec.encode(answer));
    }

    private static void reply(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
