package io.clipizy.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.clipizy.contracts.JsonCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * billing-service's {@code POST /api/pricing/estimate} as the workflow service calls it: 60 credits a scene for a
 * workflow with scenes, 40 otherwise; answers 503 for workflow "audio.analyze" so the no-estimate path is exercised.
 * Records each request (with its bearer token).
 */
public class FakeBillingService implements QuarkusTestResourceLifecycleManager {
    /** One estimate request. */
    public record Call(String authorization, JsonNode body) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/pricing/estimate", x -> {
            JsonNode body = JsonCodec.decode(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
            CALLS.add(new Call(x.getRequestHeaders().getFirst("Authorization"), body));
            String workflow = body.path("workflowId").asText();
            int status = "audio.analyze".equals(workflow) ? 503 : 200;
            long credits = body.path("inputs").has("scenes") ? 60L * body.path("inputs").get("scenes").asInt() : 40;
            byte[] answer = (status == 200
                    ? "{\"workflowId\":\"" + workflow + "\",\"pricingVersion\":\"test-1\",\"credits\":" + credits + ",\"usd\":1.2,\"breakdown\":[]}"
                    : "{\"type\":\"https://clipizy.io/problems/dependency-unavailable\",\"status\":503}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            x.sendResponseHeaders(status, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.billing.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
