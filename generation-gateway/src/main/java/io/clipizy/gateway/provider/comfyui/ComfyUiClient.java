package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.core.http.WebSocket;
import io.vertx.mutiny.core.http.WebSocketClient;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import io.vertx.mutiny.ext.web.multipart.MultipartForm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The ComfyUI server API as PROVIDERS.md describes it, one method per route, every call through the provider's
 * {@link ProviderGuard}s. The server is named per call (a job stays on the server that runs it, even when the
 * configuration moves on); the bearer token goes only to the configured server.
 */
final class ComfyUiClient {
    static final String NAME = "comfyui";

    private final Vertx vertx;
    private final WebClient web;
    private final WebSocketClient sockets;
    private final ComfyUiSettings settings;
    private final ProviderGuard guard;
    private final ProviderGuard downloads;
    private final ProviderGuard quick;

    ComfyUiClient(Vertx vertx, WebClient web, ComfyUiSettings settings) {
        this.vertx = vertx;
        this.web = web;
        this.settings = settings;
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.guard().attemptTimeout().toMillis()))
                .setMaxFrameSize(8 * 1024 * 1024).setMaxMessageSize(32 * 1024 * 1024));
        this.guard = new ProviderGuard(NAME, settings.guard());
        this.downloads = new ProviderGuard(NAME, settings.guard().withAttemptTimeout(settings.downloadTimeout()));
        this.quick = new ProviderGuard(NAME, settings.guard()
                .withRetries(0, settings.guard().initialBackoff(), settings.guard().maxBackoff())
                .withAttemptTimeout(min(settings.guard().attemptTimeout(), Duration.ofSeconds(10))));
    }

    ProviderGuard guard() {
        return guard;
    }

    /** {@code GET /system_stats}: readiness, one attempt. */
    Uni<JsonNode> systemStats(String base) {
        return quick.call(() -> request(HttpMethod.GET, base, "/system_stats", quick).send()
                .map(response -> ProviderHttp.json(NAME, "GET /system_stats", response)));
    }

    /** {@code POST /upload/image}: puts an input file (image or video) in the server's input folder. */
    Uni<String> upload(String base, Path file, String name, String contentType) {
        return guard.call(() -> {
            MultipartForm form = MultipartForm.create()
                    .binaryFileUpload("image", name, file.toString(), contentType)
                    .attribute("type", "input")
                    .attribute("subfolder", "clipizy")
                    .attribute("overwrite", "true");
            HttpRequest<Buffer> upload = request(HttpMethod.POST, base, "/upload/image", guard);
            // The client writes multipart only when it chooses the content type itself.
            upload.headers().remove("Content-Type");
            return upload.sendMultipartForm(form).map(response -> {
                JsonNode json = ProviderHttp.json(NAME, "POST /upload/image", response);
                String stored = json.path("name").asText("");
                if (stored.isEmpty()) {
                    throw ProviderException.rejected(NAME + " accepted an upload but did not say its name");
                }
                String subfolder = json.path("subfolder").asText("");
                return subfolder.isEmpty() ? stored : subfolder + "/" + stored;
            });
        });
    }

    /**
     * {@code POST /prompt}: queues a graph; a 400 with {@code node_errors} is handed to {@code refused} so the caller
     * can tell invalid task input from a graph the server cannot run.
     */
    Uni<String> prompt(String base, ObjectNode graph, String clientId, String promptId,
                       java.util.function.Function<JsonNode, ProviderException> refused) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("prompt", graph);
        body.put("client_id", clientId);
        body.put("prompt_id", promptId);
        return guard.call(() -> request(HttpMethod.POST, base, "/prompt", guard)
                .sendBuffer(Buffer.buffer(body.toString())).map(response -> {
                    if (response.statusCode() == 400) {
                        throw refused.apply(ProviderHttp.parse(NAME, "POST /prompt", response.body()));
                    }
                    JsonNode json = ProviderHttp.json(NAME, "POST /prompt", response);
                    String id = json.path("prompt_id").asText("");
                    if (id.isEmpty()) {
                        throw ProviderException.rejected(NAME + " queued the graph but sent no prompt_id");
                    }
                    if (json.path("node_errors").isObject() && !json.path("node_errors").isEmpty()) {
                        throw refused.apply(json);
                    }
                    return id;
                }));
    }

    /** {@code GET /history/{id}}: the prompt's entry once it has ended, empty before. */
    Uni<Optional<JsonNode>> history(String base, String promptId) {
        return guard.call(() -> request(HttpMethod.GET, base, "/history/" + encode(promptId), guard).send()
                .map(response -> {
                    JsonNode json = ProviderHttp.json(NAME, "GET /history", response);
                    if (!json.isObject()) {
                        throw ProviderException.rejected(NAME + " sent a malformed /history answer (not an object)");
                    }
                    JsonNode entry = json.get(promptId);
                    return Optional.ofNullable(entry != null && entry.isObject() ? entry : null);
                }));
    }

    /** {@code GET /queue}: whether the prompt is running, waiting, or neither. */
    Uni<QueuePlace> queue(String base, String promptId) {
        return guard.call(() -> request(HttpMethod.GET, base, "/queue", guard).send().map(response -> {
            JsonNode json = ProviderHttp.json(NAME, "GET /queue", response);
            if (contains(json.path("queue_running"), promptId)) {
                return QueuePlace.RUNNING;
            }
            return contains(json.path("queue_pending"), promptId) ? QueuePlace.PENDING : QueuePlace.ABSENT;
        }));
    }

    /** {@code POST /queue {"delete":[id]}}: removes a waiting prompt. */
    Uni<Void> deleteFromQueue(String base, String promptId) {
        JsonObject body = new JsonObject().put("delete", new io.vertx.core.json.JsonArray().add(promptId));
        return guard.call(() -> request(HttpMethod.POST, base, "/queue", guard).sendBuffer(Buffer.buffer(body.encode()))
                .map(response -> {
                    ProviderHttp.requireSuccess(NAME, "POST /queue", response);
                    return null;
                }));
    }

    /** {@code POST /interrupt {"prompt_id"}}: stops the running prompt (only that one). */
    Uni<Void> interrupt(String base, String promptId) {
        JsonObject body = new JsonObject().put("prompt_id", promptId);
        return guard.call(() -> request(HttpMethod.POST, base, "/interrupt", guard).sendBuffer(Buffer.buffer(body.encode()))
                .map(response -> {
                    ProviderHttp.requireSuccess(NAME, "POST /interrupt", response);
                    return null;
                }));
    }

    /** {@code GET /view}: streams one output file to {@code target}; answers its size. */
    Uni<Long> download(String base, String filename, String subfolder, String type, Path target) {
        String path = "/view?filename=" + encode(filename) + "&subfolder=" + encode(subfolder) + "&type=" + encode(type);
        return downloads.call(() -> vertx.fileSystem()
                .open(target.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                .chain(file -> request(HttpMethod.GET, base, path, downloads).as(BodyCodec.pipe(file)).send()
                        .onItemOrFailure().call((response, failure) -> failure == null ? Uni.createFrom().voidItem()
                                : closeQuietly(file))
                        .chain(response -> {
                            if (response.statusCode() != 200) {
                                return vertx.fileSystem().delete(target.toString()).onFailure().recoverWithNull()
                                        .map(ignored -> {
                                            throw ProviderHttp.failure(NAME, "GET /view", response.statusCode(),
                                                    response.getHeader("Retry-After"), null);
                                        });
                            }
                            return vertx.fileSystem().props(target.toString()).map(props -> props.size());
                        })));
    }

    /** Opens {@code /ws?clientId=}: per-prompt messages for prompts queued with this client id. One attempt. */
    Uni<WebSocket> connect(String base, String clientId) {
        String ws = (base.startsWith("https://") ? "wss://" + base.substring(8)
                : base.startsWith("http://") ? "ws://" + base.substring(7) : base) + "/ws?clientId=" + encode(clientId);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(ws)
                .setTimeout(quickTimeoutMillis());
        bearer(base).ifPresent(token -> options.addHeader("Authorization", "Bearer " + token));
        return quick.call(() -> sockets.connect(options));
    }

    private long quickTimeoutMillis() {
        return min(settings.guard().attemptTimeout(), Duration.ofSeconds(10)).toMillis();
    }

    private HttpRequest<Buffer> request(HttpMethod method, String base, String path, ProviderGuard under) {
        HttpRequest<Buffer> request = web.requestAbs(method, base + path)
                .putHeader("Accept", "application/json")
                .putHeader("Content-Type", "application/json")
                // Closes the connection of an attempt the guard has already given up on (a second later).
                .timeout(attemptTimeout(under).toMillis() + 1000);
        bearer(base).ifPresent(token -> request.putHeader("Authorization", "Bearer " + token));
        return request;
    }

    private Duration attemptTimeout(ProviderGuard under) {
        if (under == downloads) {
            return settings.downloadTimeout();
        }
        return under == quick ? Duration.ofMillis(quickTimeoutMillis()) : settings.guard().attemptTimeout();
    }

    /** The token is sent only to the configured server, never to a URL a stored job names. */
    private Optional<String> bearer(String base) {
        return settings.url().filter(base::equals).flatMap(url -> settings.token());
    }

    private static Uni<Void> closeQuietly(AsyncFile file) {
        return file.close().onFailure().recoverWithNull();
    }

    private static boolean contains(JsonNode queue, String promptId) {
        for (JsonNode item : queue) {
            if (item.isArray() && item.size() > 1 && promptId.equals(item.get(1).asText())) {
                return true;
            }
        }
        return false;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Where a prompt is in the server's queue. */
    enum QueuePlace {
        RUNNING, PENDING, ABSENT
    }
}
