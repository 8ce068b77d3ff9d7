package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A fake OpenAI-compatible chat API under {@code /v1}: {@code POST /chat/completions} (one JSON completion, or SSE
 * chunks ending {@code data: [DONE]} when {@code stream} is true) and {@code GET /models}. It checks the credentials
 * as OpenAI ({@code Authorization: Bearer}) or Azure ({@code api-key}) does, refuses {@code json_object} without the
 * word JSON in the messages and a {@code json_schema} without a name or schema, decodes {@code image_url} data URLs,
 * and answers errors in OpenAI's {@code {"error": {...}}} shape.
 */
public final class FakeOpenAi implements AutoCloseable {
    public final Scripted.Script script = new Scripted.Script();
    public final List<byte[]> images = Collections.synchronizedList(new ArrayList<>());
    private final String key;
    private final boolean azure;
    private final Set<String> models;
    private final FakeApi api;

    public FakeOpenAi(String key, boolean azure, String... models) {
        this.key = key;
        this.azure = azure;
        this.models = Set.of(models);
        this.api = new FakeApi(this::route);
    }

    /** The API base as the provider is configured with it. */
    public String baseUrl() {
        return api.url() + "/v1";
    }

    public List<String> seenPaths() {
        return api.seen().stream().map(FakeApi.Seen::path).toList();
    }

    public List<FakeApi.Seen> chats() {
        return api.seen("POST", "/v1/chat/completions");
    }

    private void route(HttpExchange exchange, FakeApi.Seen request) throws IOException, InterruptedException {
        String given = azure ? request.header("api-key") : request.header("Authorization");
        String wanted = azure ? key : "Bearer " + key;
        if (!wanted.equals(given)) {
            error(exchange, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
            return;
        }
        if (request.method().equals("GET") && request.path().equals("/v1/models")) {
            ObjectNode list = JsonCodec.mapper().createObjectNode().put("object", "list");
            models.forEach(m -> list.withArray("data").addObject().put("id", m).put("object", "model").put("owned_by", "system"));
            FakeApi.json(exchange, 200, list);
            return;
        }
        if (!request.method().equals("POST") || !request.path().equals("/v1/chat/completions")) {
            error(exchange, 404, "Unknown request URL: " + request.path(), "invalid_request_error", "unknown_url");
            return;
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (IllegalStateException e) {
            error(exchange, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
            return;
        }
        String model = body.path("model").asText("");
        if (!models.contains(model)) {
            error(exchange, 404, "The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", "model_not_found");
            return;
        }
        StringBuilder allText = new StringBuilder();
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                allText.append(content.asText());
                continue;
            }
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    allText.append(part.path("text").asText());
                } else if (part.path("type").asText().equals("image_url")) {
                    String url = part.path("image_url").path("url").asText("");
                    int comma = url.indexOf(";base64,");
                    try {
                        if (!url.startsWith("data:image/") || comma < 0) {
                            throw new IllegalArgumentException(url);
                        }
                        images.add(Base64.getDecoder().decode(url.substring(comma + 8)));
                    } catch (IllegalArgumentException e) {
                        error(exchange, 400, "Invalid image URL.", "invalid_request_error", "invalid_image_url");
                        return;
                    }
                }
            }
        }
        JsonNode format = body.path("response_format");
        if (format.path("type").asText().equals("json_object") && !allText.toString().toLowerCase().contains("json")) {
            error(exchange, 400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                    + "'json_object'.", "invalid_request_error", null);
            return;
        }
        if (format.path("type").asText().equals("json_schema")
                && (!format.path("json_schema").path("name").isTextual() || !format.path("json_schema").path("schema").isObject())) {
            error(exchange, 400, "Missing required parameter: 'response_format.json_schema.name'.", "invalid_request_error",
                    "missing_required_parameter");
            return;
        }
        boolean stream = body.path("stream").asBoolean(false);
        Scripted next = script.next();
        if (next instanceof Scripted.Status) {
            Scripted.Status status = (Scripted.Status) next;
            FakeApi.json(exchange, status.status(), status.body(), status.headers());
        } else if (next instanceof Scripted.Hang) {
            api.hang();
        } else if (next instanceof Scripted.Malformed) {
            FakeApi.send(exchange, 200, stream ? "text/event-stream" : "application/json", ((Scripted.Malformed) next).body().getBytes());
        } else if (next instanceof Scripted.ErrorMidStream) {
            Scripted.ErrorMidStream error = (Scripted.ErrorMidStream) next;
            OutputStream out = FakeApi.stream(exchange, "text/event-stream");
            for (String piece : FakeOllama.pieces(error.partial())) {
                event(out, chunk(model, piece, null));
            }
            FakeApi.line(out, "event: error");
            FakeApi.line(out, "data: " + error.error());
            FakeApi.line(out, "");
            out.close();
        } else {
            Scripted.Answer answer = (Scripted.Answer) next;
            if (!stream) {
                ObjectNode completion = JsonCodec.mapper().createObjectNode().put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG")
                        .put("object", "chat.completion").put("created", 1741570283).put("model", model);
                ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", answer.content()).putNull("refusal");
                choice.put("finish_reason", answer.finishReason());
                completion.putObject("usage").put("prompt_tokens", 1117).put("completion_tokens", 46).put("total_tokens", 1163);
                FakeApi.json(exchange, 200, completion);
                return;
            }
            OutputStream out = FakeApi.stream(exchange, "text/event-stream");
            FakeApi.line(out, ": keep-alive");
            FakeApi.line(out, "");
            for (String piece : FakeOllama.pieces(answer.content())) {
                event(out, chunk(model, piece, null));
            }
            event(out, chunk(model, null, answer.finishReason()));
            FakeApi.line(out, "data: [DONE]");
            FakeApi.line(out, "");
            out.close();
        }
    }

    private static ObjectNode chunk(String model, String piece, String finish) {
        ObjectNode chunk = JsonCodec.mapper().createObjectNode().put("id", "chatcmpl-123").put("object", "chat.completion.chunk")
                .put("created", 1694268190).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (piece != null) {
            delta.put("content", piece);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return chunk;
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        FakeApi.line(out, "data: " + data);
        FakeApi.line(out, "");
    }

    private static void error(HttpExchange exchange, int status, String message, String type, String code) throws IOException {
        ObjectNode error = JsonCodec.mapper().createObjectNode();
        ObjectNode inner = error.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            inner.putNull("code");
        } else {
            inner.put("code", code);
        }
        FakeApi.json(exchange, status, error);
    }

    @Override
    public void close() {
        api.close();
    }
}
