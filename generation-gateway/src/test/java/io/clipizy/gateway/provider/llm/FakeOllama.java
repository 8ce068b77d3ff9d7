package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Ollama server speaking {@code /api/chat} (NDJSON stream by default, as Ollama does when {@code stream} is
 * absent; one JSON object with {@code "stream": false}) and {@code /api/tags}. Like Ollama it answers 404
 * {@code {"error": "model ... not found"}} for a model it does not have and 400 for images that are not base64, and
 * reports a failure during a stream as a final {@code {"error": ...}} line inside the 200.
 */
public final class FakeOllama implements AutoCloseable {
    private static final Pattern PIECES = Pattern.compile("\\S+\\s*|\\s+");

    public final Scripted.Script script = new Scripted.Script();
    public final List<byte[]> images = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> models;
    private final FakeApi api;

    public FakeOllama(String... models) {
        this.models = Set.of(models);
        this.api = new FakeApi(this::route);
    }

    public String url() {
        return api.url();
    }

    public List<FakeApi.Seen> chats() {
        return api.seen("POST", "/api/chat");
    }

    private void route(HttpExchange exchange, FakeApi.Seen request) throws IOException, InterruptedException {
        if (request.method().equals("GET") && request.path().equals("/api/tags")) {
            List<Object> list = new ArrayList<>();
            for (String m : models) {
                list.add(JsonCodec.mapper().createObjectNode().put("name", m).put("model", m)
                        .put("modified_at", "2026-11-01T10:00:00Z").put("size", 4109865159L).put("digest", "f974a74358d6"));
            }
            FakeApi.json(exchange, 200, JsonCodec.mapper().createObjectNode().set("models", JsonCodec.mapper().valueToTree(list)));
            return;
        }
        if (!request.method().equals("POST") || !request.path().equals("/api/chat")) {
            FakeApi.send(exchange, 404, "text/plain", "404 page not found".getBytes());
            return;
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (IllegalStateException e) {
            FakeApi.json(exchange, 400, "{\"error\":\"invalid character looking for beginning of value\"}");
            return;
        }
        String model = body.path("model").asText("");
        if (model.isEmpty()) {
            FakeApi.json(exchange, 400, "{\"error\":\"model is required\"}");
            return;
        }
        if (!models.contains(model)) {
            FakeApi.json(exchange, 404, "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
            return;
        }
        if (!body.path("messages").isArray()) {
            FakeApi.json(exchange, 400, "{\"error\":\"messages is required\"}");
            return;
        }
        for (JsonNode message : body.get("messages")) {
            if (!message.path("role").isTextual() || !message.path("content").isTextual()) {
                FakeApi.json(exchange, 400, "{\"error\":\"invalid message format\"}");
                return;
            }
            for (JsonNode image : message.path("images")) {
                try {
                    images.add(Base64.getDecoder().decode(image.asText()));
                } catch (IllegalArgumentException e) {
                    FakeApi.json(exchange, 400, "{\"error\":\"illegal base64 data at input byte 0\"}");
                    return;
                }
            }
        }
        boolean stream = body.path("stream").asBoolean(true);
        Scripted next = script.next();
        if (next instanceof Scripted.Status) {
            Scripted.Status status = (Scripted.Status) next;
            FakeApi.json(exchange, status.status(), status.body(), status.headers());
        } else if (next instanceof Scripted.Hang) {
            api.hang();
        } else if (next instanceof Scripted.Malformed) {
            FakeApi.send(exchange, 200, stream ? "application/x-ndjson" : "application/json",
                    ((Scripted.Malformed) next).body().getBytes());
        } else if (next instanceof Scripted.ErrorMidStream) {
            Scripted.ErrorMidStream error = (Scripted.ErrorMidStream) next;
            OutputStream out = FakeApi.stream(exchange, "application/x-ndjson");
            for (String piece : pieces(error.partial())) {
                FakeApi.line(out, chunk(model, piece, false).toString());
            }
            FakeApi.line(out, JsonCodec.mapper().createObjectNode().put("error", error.error()).toString());
            out.close();
        } else {
            Scripted.Answer answer = (Scripted.Answer) next;
            if (!stream) {
                ObjectNode whole = chunk(model, answer.content(), true);
                whole.put("done_reason", answer.finishReason()).put("prompt_eval_count", 26).put("eval_count", 298);
                FakeApi.json(exchange, 200, whole.toString());
                return;
            }
            OutputStream out = FakeApi.stream(exchange, "application/x-ndjson");
            List<String> pieces = pieces(answer.content());
            for (String piece : pieces) {
                FakeApi.line(out, chunk(model, piece, false).toString());
            }
            ObjectNode done = chunk(model, "", true);
            done.put("done_reason", answer.finishReason()).put("total_duration", 4883583458L).put("prompt_eval_count", 26)
                    .put("eval_count", pieces.size());
            FakeApi.line(out, done.toString());
            out.close();
        }
    }

    private static ObjectNode chunk(String model, String content, boolean done) {
        ObjectNode chunk = JsonCodec.mapper().createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        chunk.putObject("message").put("role", "assistant").put("content", content);
        chunk.put("done", done);
        return chunk;
    }

    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public void close() {
        api.close();
    }
}
