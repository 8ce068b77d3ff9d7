package io.clipizy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clipizy.contracts.JsonCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The workflow service's API as chat-service uses it, served from the real workflow definitions in workflow-service's
 * resources; it records every call (with its bearer token) for the conversation tests to assert on.
 */
public class FakeWorkflowService implements QuarkusTestResourceLifecycleManager {
    /** One call the assistant made. */
    public record Call(String method, String path, String authorization, JsonNode body) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final Path PIPELINES = Path.of("../workflow-service/src/main/resources/workflows/pipelines");
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.workflow.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = x.getRequestHeaders().getFirst("Authorization");
        CALLS.add(new Call(x.getRequestMethod(), path, auth, body.isBlank() ? null : JsonCodec.decode(body, JsonNode.class)));
        if (auth == null || !auth.startsWith("Bearer ")) {
            reply(x, 401, "{\"type\":\"https://clipizy.io/problems/unauthorized\",\"status\":401}");
        } else if (path.equals("/api/workflows")) {
            String type = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery().replace("projectType=", "");
            com.fasterxml.jackson.databind.node.ArrayNode list = JsonCodec.mapper().createArrayNode();
            try (var files = Files.list(PIPELINES)) {
                for (Path file : files.sorted().toList()) {
                    JsonNode wf = JsonCodec.decode(Files.readString(file), JsonNode.class);
                    if (type.isEmpty() || type.equals(wf.path("projectType").asText())) {
                        list.add(wf);
                    }
                }
            }
            reply(x, 200, JsonCodec.encode(list));
        } else if (path.startsWith("/api/workflows/")) {
            Path file = PIPELINES.resolve(path.substring("/api/workflows/".length()) + ".workflow.json");
            if (Files.exists(file)) {
                reply(x, 200, asServed(Files.readString(file)));
            } else {
                reply(x, 404, "{\"type\":\"https://clipizy.io/problems/not-found\",\"status\":404}");
            }
        } else if (path.equals("/api/runs")) {
            ObjectNode run = JsonCodec.mapper().createObjectNode();
            run.putObject("run").put("id", UUID.randomUUID().toString()).put("status", "RUNNING");
            run.putArray("nodes");
            reply(x, 201, JsonCodec.encode(run));
        } else if (path.matches("/api/runs/[^/]+")) {
            reply(x, 200, """
                    {"run":{"status":"RUNNING"},"nodes":[{"nodeId":"analysis","status":"SUCCEEDED"},
                     {"nodeId":"plan","status":"SUCCEEDED"},{"nodeId":"frames","status":"RUNNING"},
                     {"nodeId":"frames","itemIndex":0,"status":"SUCCEEDED"}]}""");
        } else {
            reply(x, 200, "{\"run\":{\"status\":\"RUNNING\"},\"nodes\":[]}");
        }
    }

    /** The real service writes InputSpec limits as doubles ("min": 5.0); serve them that way. */
    private static String asServed(String definition) {
        JsonNode wf = JsonCodec.decode(definition, JsonNode.class);
        wf.path("inputs").forEach(spec -> {
            for (String limit : List.of("min", "max")) {
                if (spec.hasNonNull(limit)) {
                    ((ObjectNode) spec).put(limit, spec.get(limit).asDouble());
                }
            }
        });
        return JsonCodec.encode(wf);
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
