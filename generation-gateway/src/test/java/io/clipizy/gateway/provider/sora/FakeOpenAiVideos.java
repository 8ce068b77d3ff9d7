package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.llm.FakeApi;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the OpenAI Videos API (Sora 2) under {@code /v1}: bearer key; {@code POST /videos} (JSON or multipart with
 * {@code input_reference}) refusing a {@code seconds} that is not the string "4", "8" or "12" and sizes it does not
 * make; each status poll advances {@code progress} (queued, in_progress 0..100, completed) and carries
 * {@code openai-poll-after-ms}; a prompt the safety system blocks ends {@code failed} with {@code moderation_blocked};
 * {@code POST /videos/{id}/remix}; {@code GET /videos/{id}/content?variant=video} until deleted; {@code DELETE}.
 */
public final class FakeOpenAiVideos implements AutoCloseable {
    private static final Set<String> SECONDS = Set.of("4", "8", "12");
    private static final Set<String> SIZES = Set.of("720x1280", "1280x720", "1024x1792", "1792x1024");

    private final class Video {
        final String id;
        final ObjectNode request;
        final String remixedFrom;
        final AtomicInteger polls = new AtomicInteger();
        final List<Long> pollTimes = new CopyOnWriteArrayList<>();
        volatile boolean deleted;

        Video(String id, ObjectNode request, String remixedFrom) {
            this.id = id;
            this.request = request;
            this.remixedFrom = remixedFrom;
        }

        boolean blocked() {
            return request.path("prompt").asText().contains("nobody may see");
        }

        String status() {
            int n = polls.get();
            if (n == 0) {
                return "queued";
            }
            if (blocked()) {
                return "failed";
            }
            return n >= stepsToComplete ? "completed" : "in_progress";
        }

        ObjectNode json() {
            String status = status();
            ObjectNode video = JsonCodec.mapper().createObjectNode().put("id", id).put("object", "video")
                    .put("model", request.path("model").asText("sora-2")).put("status", status)
                    .put("progress", status.equals("completed") ? 100 : status.equals("queued") ? 0 : 100 * polls.get() / stepsToComplete)
                    .put("created_at", 1759938772).put("size", request.path("size").asText())
                    .put("seconds", request.path("seconds").asText()).put("quality", "standard");
            if (remixedFrom != null) {
                video.put("remixed_from_video_id", remixedFrom);
            } else {
                video.putNull("remixed_from_video_id");
            }
            if (status.equals("failed")) {
                video.putObject("error").put("code", "moderation_blocked").put("message", "Your request was blocked by our moderation system.");
            } else {
                video.putNull("error");
            }
            if (status.equals("completed")) {
                video.put("completed_at", 1759938900).put("expires_at", 1760025300);
            }
            return video;
        }
    }

    private final String key;
    private final FakeApi api;
    private final Map<String, Video> videos = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger failCreates = new AtomicInteger();
    private volatile int stepsToComplete = 3;
    private volatile long pollAfterMs = 20;

    public FakeOpenAiVideos(String key) {
        this.key = key;
        this.api = new FakeApi(this::route);
    }

    public String baseUrl() {
        return api.url() + "/v1";
    }

    /** The {@code openai-poll-after-ms} header value sent with every status. */
    public void pollAfter(long ms) {
        pollAfterMs = ms;
    }

    public void stepsToComplete(int polls) {
        stepsToComplete = polls;
    }

    /** The next {@code n} creations answer 500. */
    public void failCreates(int n) {
        failCreates.set(n);
    }

    public List<FakeApi.Seen> seen(String method, String pathPrefix) {
        return api.seen(method, "/v1" + pathPrefix);
    }

    public boolean deleted(String id) {
        return videos.containsKey(id) && videos.get(id).deleted;
    }

    public ObjectNode createdWith(String id) {
        return videos.get(id).request;
    }

    public List<Long> pollTimes(String id) {
        return videos.containsKey(id) ? List.copyOf(videos.get(id).pollTimes) : Collections.emptyList();
    }

    private void route(HttpExchange exchange, FakeApi.Seen request) throws IOException {
        if (!("Bearer " + key).equals(request.header("Authorization"))) {
            error(exchange, 401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
            return;
        }
        String path = request.path().substring("/v1".length());
        String[] parts = path.split("/");
        if (request.method().equals("POST") && path.equals("/videos")) {
            create(exchange, request);
        } else if (request.method().equals("GET") && path.equals("/videos")) {
            ObjectNode list = JsonCodec.mapper().createObjectNode().put("object", "list").put("has_more", false);
            videos.values().stream().filter(v -> !v.deleted).forEach(v -> list.withArray("data").add(v.json()));
            FakeApi.json(exchange, 200, list);
        } else if (parts.length >= 3 && parts[1].equals("videos")) {
            Video video = videos.get(parts[2]);
            if (video == null || video.deleted) {
                error(exchange, 404, "Video with id '" + parts[2] + "' not found.", "invalid_request_error", null, "video_not_found");
            } else if (parts.length == 3 && request.method().equals("GET")) {
                ObjectNode json = video.json();
                video.pollTimes.add(System.nanoTime());
                video.polls.incrementAndGet();
                FakeApi.json(exchange, 200, json, "openai-poll-after-ms", String.valueOf(pollAfterMs));
            } else if (parts.length == 3 && request.method().equals("DELETE")) {
                video.deleted = true;
                FakeApi.json(exchange, 200, JsonCodec.mapper().createObjectNode().put("id", video.id).put("object", "video.deleted").put("deleted", true));
            } else if (parts.length == 4 && parts[3].equals("content") && request.method().equals("GET")) {
                if (!video.status().equals("completed")) {
                    error(exchange, 404, "Video is not ready yet, use GET /v1/videos/{video_id} to check status.", "invalid_request_error", null, null);
                } else if (request.query() == null || !request.query().contains("variant=video")) {
                    FakeApi.send(exchange, 200, "image/webp", new byte[] {'R', 'I', 'F', 'F'});
                } else {
                    FakeApi.send(exchange, 200, "video/mp4", FakeSoraJobs.MP4);
                }
            } else if (parts.length == 4 && parts[3].equals("remix") && request.method().equals("POST")) {
                if (!video.status().equals("completed")) {
                    error(exchange, 400, "Can only remix completed videos.", "invalid_request_error", null, null);
                    return;
                }
                JsonNode body = request.json();
                ObjectNode copy = video.request.deepCopy();
                copy.put("prompt", body.path("prompt").asText());
                Video remix = new Video("video_" + counter.incrementAndGet() + "remix", copy, video.id);
                videos.put(remix.id, remix);
                FakeApi.json(exchange, 200, remix.json());
            } else {
                error(exchange, 404, "Invalid URL (" + request.method() + " " + request.path() + ")", "invalid_request_error", null, null);
            }
        } else {
            error(exchange, 404, "Invalid URL (" + request.method() + " " + request.path() + ")", "invalid_request_error", null, null);
        }
    }

    private void create(HttpExchange exchange, FakeApi.Seen request) throws IOException {
        if (failCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(exchange, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null, null);
            return;
        }
        String contentType = request.header("Content-Type");
        ObjectNode body = contentType != null && contentType.startsWith("multipart/form-data")
                ? FakeMultipart.fields(request.body(), contentType) : (ObjectNode) request.json();
        if (!body.path("seconds").isTextual() || !SECONDS.contains(body.get("seconds").asText())) {
            error(exchange, 400, "Invalid value: '" + body.path("seconds") + "'. Supported values are: '4', '8', and '12'.",
                    "invalid_request_error", "seconds", "invalid_value");
            return;
        }
        if (!SIZES.contains(body.path("size").asText(""))) {
            error(exchange, 400, "Invalid value: '" + body.path("size").asText() + "'. Supported values are: '720x1280', '1280x720', "
                    + "'1024x1792', and '1792x1024'.", "invalid_request_error", "size", "invalid_value");
            return;
        }
        if (body.path("prompt").asText("").isBlank()) {
            error(exchange, 400, "Missing required parameter: 'prompt'.", "invalid_request_error", "prompt", "missing_required_parameter");
            return;
        }
        Video video = new Video("video_68e6" + counter.incrementAndGet() + "d4c8190a1b2c3", body, null);
        videos.put(video.id, video);
        FakeApi.json(exchange, 200, video.json());
    }

    private static void error(HttpExchange exchange, int status, String message, String type, String param, String code) throws IOException {
        ObjectNode error = JsonCodec.mapper().createObjectNode();
        ObjectNode inner = error.putObject("error").put("message", message).put("type", type);
        inner.put("param", param);
        inner.put("code", code);
        FakeApi.json(exchange, status, error);
    }

    @Override
    public void close() {
        api.close();
    }
}
