package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The {@code openai-chat} provider: {@code POST /chat/completions} of any OpenAI-compatible API, Azure OpenAI
 * included ({@code api-key} header, deployment as the model). JSON mode is {@code response_format: json_object},
 * schema mode {@code json_schema}; images travel as {@code data:} URLs in {@code image_url} parts. Streams are SSE,
 * read until {@code data: [DONE]}, with an {@code error} event or an {@code error} object in a data line ending the
 * answer as a typed failure. A {@code content_filter} finish or a refusal is moderation. Health: {@code GET /models}.
 */
public class OpenAiChatProvider extends ChatProvider {
    public static final String NAME = "openai-chat";

    public OpenAiChatProvider(ChatSettings settings, HttpClient http) {
        super(settings, http, new PromptTemplates());
    }

    @Override
    public boolean configured() {
        return settings.baseUrl() != null && (!settings.azure() || settings.apiKey() != null);
    }

    @Override
    protected Uni<ChatAnswer> exchange(ChatRequest request, String model, ProgressSink progress) {
        HttpRequest http = request("/chat/completions").header("Content-Type", "application/json")
                .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request, model).toString())).build();
        if (!settings.stream()) {
            return ApiHttp.sendForText(this.http, http).map(response -> {
                if (!ApiHttp.ok(response.statusCode())) {
                    throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body());
                }
                JsonNode completion = ApiHttp.json(name(), response.body());
                if (completion.has("error")) {
                    throw streamError(completion.get("error"));
                }
                JsonNode choice = completion.path("choices").path(0);
                if (choice.isMissingNode()) {
                    throw ProviderException.rejected(name() + " answered without choices");
                }
                JsonNode message = choice.path("message");
                String finish = choice.path("finish_reason").asText(null);
                refusedOrFiltered(finish, message.path("refusal").asText(null));
                if (!message.path("content").isTextual()) {
                    throw ProviderException.rejected(name() + " answered without message.content");
                }
                return new ChatAnswer(message.get("content").asText(), completion.path("model").asText(model), finish,
                        tokens(completion, "prompt_tokens"), tokens(completion, "completion_tokens"));
            });
        }
        SseAnswer stream = new SseAnswer(new TokenProgress(progress));
        LineStream lines = new LineStream(name(), stream::line);
        return ApiHttp.send(this.http, http, lines.handler()).map(response -> {
            if (!response.body().streamed()) {
                throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body().body());
            }
            if (lines.failure() != null) {
                throw lines.failure();
            }
            if (!stream.done && stream.finish == null) {
                throw ProviderException.unavailable(name() + "'s stream ended before the answer was complete", null, null);
            }
            refusedOrFiltered(stream.finish, stream.refusal.length() == 0 ? null : stream.refusal.toString());
            return new ChatAnswer(stream.content.toString(), stream.model == null ? model : stream.model, stream.finish,
                    stream.promptTokens, stream.completionTokens);
        });
    }

    @Override
    protected Uni<String> check() {
        return ApiHttp.sendForText(http, request("/models").GET().build()).map(response -> {
            if (!ApiHttp.ok(response.statusCode())) {
                throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body());
            }
            ApiHttp.json(name(), response.body());
            return null;
        });
    }

    private HttpRequest.Builder request(String path) {
        String query = settings.apiVersion() == null ? ""
                : "?api-version=" + URLEncoder.encode(settings.apiVersion(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path + query));
        if (settings.apiKey() != null) {
            if (settings.azure()) {
                builder.header("api-key", settings.apiKey());
            } else {
                builder.header("Authorization", "Bearer " + settings.apiKey());
            }
        }
        return builder;
    }

    private ObjectNode body(ChatRequest request, String model) {
        ObjectNode body = JsonCodec.mapper().createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject().put("role", m.role());
            if (m.images().isEmpty()) {
                message.put("content", m.content());
            } else {
                ArrayNode parts = message.putArray("content");
                parts.addObject().put("type", "text").put("text", m.content());
                m.images().forEach(i -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", i.dataUrl()));
            }
        }
        body.put("stream", settings.stream());
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.schema() != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "answer").set("schema", request.schema());
        } else if (request.json()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private void refusedOrFiltered(String finishReason, String refusal) {
        if ("content_filter".equals(finishReason)) {
            throw ProviderException.moderation(name() + " stopped the answer with its content filter");
        }
        if (refusal != null && !refusal.isBlank()) {
            throw ProviderException.moderation(name() + " refused to answer: " + ApiHttp.clip(refusal));
        }
    }

    private ProviderException streamError(JsonNode error) {
        String body = JsonCodec.mapper().createObjectNode().set("error", error).toString();
        String message = ApiHttp.errorMessage(body);
        if (ApiHttp.moderation(body)) {
            return ProviderException.moderation(name() + " refused the request under its content policy: " + message);
        }
        String type = error.path("type").asText("") + " " + error.path("code").asText("");
        if (type.contains("invalid_request") || type.contains("context_length")) {
            return ProviderException.rejected(name() + " rejected the request: " + message);
        }
        return ProviderException.unavailable(name() + " failed while answering: " + message, null, null);
    }

    private static Integer tokens(JsonNode completion, String field) {
        JsonNode value = completion.path("usage").path(field);
        return value.isNumber() ? value.asInt() : null;
    }

    /** The SSE stream's state: events are {@code event:}/{@code data:} lines separated by a blank line. */
    private final class SseAnswer {
        private final TokenProgress progress;
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder refusal = new StringBuilder();
        private String event;
        private String finish;
        private String model;
        private Integer promptTokens;
        private Integer completionTokens;
        private boolean done;

        SseAnswer(TokenProgress progress) {
            this.progress = progress;
        }

        void line(String line) {
            if (line.isEmpty()) {
                event = null;
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
                return;
            }
            if (!line.startsWith("data:")) {
                return;
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            JsonNode chunk = ApiHttp.tryJson(data);
            if (chunk == null || !chunk.isObject()) {
                throw ProviderException.rejected(name() + " streamed an event that is not JSON: " + ApiHttp.clip(data));
            }
            if ("error".equals(event) || chunk.has("error")) {
                throw streamError(chunk.has("error") ? chunk.get("error") : chunk);
            }
            if (chunk.hasNonNull("model")) {
                model = chunk.get("model").asText();
            }
            if (chunk.path("usage").isObject()) {
                promptTokens = tokens(chunk, "prompt_tokens");
                completionTokens = tokens(chunk, "completion_tokens");
            }
            JsonNode choice = chunk.path("choices").path(0);
            String piece = choice.path("delta").path("content").asText("");
            if (!piece.isEmpty()) {
                content.append(piece);
                progress.token();
            }
            refusal.append(choice.path("delta").path("refusal").asText(""));
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }
    }
}
