package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * The {@code ollama} provider: {@code POST /api/chat} with {@code format} ("json" or the output schema) and images as
 * base64 on the message, streamed as NDJSON where every line is checked for an {@code {"error": ...}} (Ollama reports
 * a failure mid-answer that way, inside a 200). Health: {@code GET /api/tags}, and whether the model is pulled.
 */
public class OllamaProvider extends ChatProvider {
    public static final String NAME = "ollama";

    public OllamaProvider(ChatSettings settings, HttpClient http) {
        super(settings, http, new PromptTemplates());
    }

    @Override
    protected Uni<ChatAnswer> exchange(ChatRequest request, String model, ProgressSink progress) {
        HttpRequest http = post("/api/chat", body(request, model));
        if (!settings.stream()) {
            return ApiHttp.sendForText(this.http, http).map(response -> {
                if (!ApiHttp.ok(response.statusCode())) {
                    throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body());
                }
                JsonNode answer = ApiHttp.json(name(), response.body());
                if (answer.hasNonNull("error")) {
                    throw failedWhileAnswering(answer.get("error").asText());
                }
                if (!answer.path("message").path("content").isTextual()) {
                    throw ProviderException.rejected(name() + " answered without message.content");
                }
                return answer(answer, answer.get("message").get("content").asText(), model);
            });
        }
        NdjsonAnswer stream = new NdjsonAnswer(new TokenProgress(progress));
        LineStream lines = new LineStream(name(), stream::line);
        return ApiHttp.send(this.http, http, lines.handler()).map(response -> {
            if (!response.body().streamed()) {
                throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body().body());
            }
            if (lines.failure() != null) {
                throw lines.failure();
            }
            if (stream.last == null) {
                throw ProviderException.unavailable(name() + "'s stream ended before the answer was complete", null, null);
            }
            return answer(stream.last, stream.content.toString(), model);
        });
    }

    @Override
    protected Uni<String> check() {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/tags")).GET();
        authorize(get);
        return ApiHttp.sendForText(http, get.build()).map(response -> {
            if (!ApiHttp.ok(response.statusCode())) {
                throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body());
            }
            JsonNode tags = ApiHttp.json(name(), response.body());
            String missing = null;
            for (String model : new String[] {settings.model(), settings.visionModel()}) {
                if (model != null && !pulled(tags.path("models"), model)) {
                    missing = (missing == null ? "" : missing + "; ") + "model '" + model
                            + "' is not on the Ollama server (ollama pull " + model + ")";
                }
            }
            return missing;
        });
    }

    private static boolean pulled(JsonNode models, String model) {
        String wanted = model.contains(":") ? model : model + ":latest";
        for (JsonNode m : models) {
            for (String field : new String[] {"name", "model"}) {
                String name = m.path(field).asText("");
                if (name.equals(model) || name.equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    private ObjectNode body(ChatRequest request, String model) {
        ObjectNode body = JsonCodec.mapper().createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
            if (!m.images().isEmpty()) {
                ArrayNode images = message.putArray("images");
                m.images().forEach(i -> images.add(i.base64()));
            }
        }
        body.put("stream", settings.stream());
        if (request.schema() != null) {
            body.set("format", request.schema());
        } else if (request.json()) {
            body.put("format", "json");
        }
        if (request.temperature() != null || request.seed() != null) {
            ObjectNode options = body.putObject("options");
            if (request.temperature() != null) {
                options.put("temperature", request.temperature());
            }
            if (request.seed() != null) {
                options.put("seed", request.seed());
            }
        }
        if (settings.keepAlive() != null) {
            body.put("keep_alive", settings.keepAlive());
        }
        return body;
    }

    private HttpRequest post(String path, JsonNode body) {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Accept", settings.stream() ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        authorize(post);
        return post.build();
    }

    private void authorize(HttpRequest.Builder request) {
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
    }

    private ChatAnswer answer(JsonNode last, String content, String model) {
        return new ChatAnswer(content, last.path("model").asText(model), last.path("done_reason").asText(null),
                last.hasNonNull("prompt_eval_count") ? last.get("prompt_eval_count").asInt() : null,
                last.hasNonNull("eval_count") ? last.get("eval_count").asInt() : null);
    }

    private ProviderException failedWhileAnswering(String error) {
        return ProviderException.unavailable(name() + " failed while answering: " + ApiHttp.clip(error), null, null);
    }

    /** The NDJSON stream's state: the text so far and the final {@code done} line. */
    private final class NdjsonAnswer {
        private final TokenProgress progress;
        private final StringBuilder content = new StringBuilder();
        private JsonNode last;

        NdjsonAnswer(TokenProgress progress) {
            this.progress = progress;
        }

        void line(String line) {
            if (line.isBlank()) {
                return;
            }
            JsonNode chunk = ApiHttp.tryJson(line);
            if (chunk == null || !chunk.isObject()) {
                throw ProviderException.rejected(name() + " streamed a line that is not JSON: " + ApiHttp.clip(line));
            }
            if (chunk.hasNonNull("error")) {
                throw failedWhileAnswering(chunk.get("error").isTextual() ? chunk.get("error").asText() : chunk.get("error").toString());
            }
            String piece = chunk.path("message").path("content").asText("");
            if (!piece.isEmpty()) {
                content.append(piece);
                progress.token();
            }
            if (chunk.path("done").asBoolean(false)) {
                last = chunk;
            }
        }
    }
}
