package io.clipizy.gateway.provider.fakes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * RunPod's serverless queue API as PROVIDERS.md describes it, under {@code /v2/{endpointId}}: {@code /run},
 * {@code /status/{id}} (404 once a job is gone), {@code /stream/{id}}, {@code /cancel/{id}}, {@code /health}, bearer
 * (or raw) API key, and one webhook POST per finished job. A job waits {@link #queueMillis}, runs {@link #runMillis}
 * and then completes with the output {@link #output} makes. Also serves {@code /files/{name}} for URL outputs.
 */
public final class FakeRunPod extends FakeServer {
    public final String apiKey;
    public volatile long queueMillis = 30;
    public volatile long runMillis = 60;
    /** The finished job's output; by default what worker-comfyui 5.x returns: base64 images. */
    public volatile JsonObject output = workerComfyUiOutput();
    /** When set, jobs end FAILED with this error string. */
    public volatile String jobError;
    /** When set, jobs end with this status instead (e.g. TIMED_OUT). */
    public volatile String endStatus;
    /** Keep jobs IN_PROGRESS until {@link #finish(String)}. */
    public volatile boolean holdInProgress;
    /** Partial outputs streamed while running. */
    public volatile List<JsonObject> streamed = List.of();
    public final Map<String, JsonObject> runs = new ConcurrentHashMap<>();
    public final List<String> cancelled = new CopyOnWriteArrayList<>();
    public final List<String> webhooksSent = new CopyOnWriteArrayList<>();
    private final Map<String, JsonObject> jobs = new ConcurrentHashMap<>();
    private final HttpClient hooks = vertx.createHttpClient();

    public FakeRunPod(String apiKey) {
        this.apiKey = apiKey;
        listen(vertx.createHttpServer().requestHandler(this::request));
    }

    /** The base the adapter is configured with ({@code .../v2}). */
    public String base() {
        return url() + "/v2";
    }

    public static JsonObject workerComfyUiOutput() {
        return new JsonObject().put("images", new JsonArray().add(new JsonObject().put("filename", "ComfyUI_00001_.png")
                .put("type", "base64").put("data", Base64.getEncoder().encodeToString(Media.png()))));
    }

    /** The job is gone (its ttl passed): /status answers 404 from now on. */
    public void forget(String jobId) {
        jobs.remove(jobId);
    }

    /** Ends a held job now (or as soon as a worker picks it up, if it is still queued). */
    public void finish(String jobId) {
        JsonObject job = jobs.get(jobId);
        if (job != null) {
            job.put("release", true);
            vertx.runOnContext(v -> complete(jobId));
        }
    }

    private void request(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            record(request, path, body.toString());
            if (path.startsWith("/files/")) {
                request.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(Media.png()));
                return;
            }
            String[] parts = path.split("/");
            // /v2/{endpoint}/{operation}[/{id}]
            if (parts.length < 4 || !"v2".equals(parts[1])) {
                json(request, 404, "{\"error\":\"not found\"}");
                return;
            }
            String auth = request.getHeader("Authorization");
            if (auth == null || !(auth.equals("Bearer " + apiKey) || auth.equals(apiKey))) {
                json(request, 401, "{\"error\":\"Unauthorized\"}");
                return;
            }
            String operation = parts[3];
            String id = parts.length > 4 ? parts[4] : null;
            String route = request.method().name() + " /" + operation;
            if (scripted(request, route)) {
                return;
            }
            switch (route) {
                case "POST /run":
                    run(request, body);
                    break;
                case "GET /status": {
                    JsonObject job = jobs.get(id);
                    if (job == null) {
                        json(request, 404, "{\"error\":\"job " + id + " not found\"}");
                    } else {
                        json(request, 200, status(job).encode());
                    }
                    break;
                }
                case "GET /stream": {
                    JsonObject job = jobs.get(id);
                    if (job == null) {
                        json(request, 404, "{\"error\":\"job " + id + " not found\"}");
                    } else {
                        JsonArray items = new JsonArray();
                        streamed.forEach(item -> items.add(new JsonObject().put("output", item)));
                        json(request, 200, new JsonObject().put("status", job.getString("status")).put("stream", items)
                                .encode());
                    }
                    break;
                }
                case "POST /cancel": {
                    JsonObject job = jobs.get(id);
                    if (job == null) {
                        json(request, 404, "{\"error\":\"job " + id + " not found\"}");
                    } else {
                        cancelled.add(id);
                        job.put("status", "CANCELLED");
                        json(request, 200, new JsonObject().put("id", id).put("status", "CANCELLED").encode());
                    }
                    break;
                }
                case "GET /health":
                    json(request, 200, "{\"jobs\":{\"completed\":1,\"failed\":0,\"inProgress\":0,\"inQueue\":0,"
                            + "\"retried\":0},\"workers\":{\"idle\":1,\"running\":0}}");
                    break;
                default:
                    json(request, 404, "{\"error\":\"not found\"}");
            }
        });
    }

    private void run(HttpServerRequest request, Buffer body) {
        if (body.length() > 10 * 1024 * 1024) {
            json(request, 413, "{\"error\":\"request body too large\"}");
            return;
        }
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            json(request, 400, "{\"error\":\"invalid JSON\"}");
            return;
        }
        if (!(json.getValue("input") instanceof JsonObject)) {
            json(request, 400, "{\"error\":\"input is required\"}");
            return;
        }
        String id = UUID.randomUUID() + "-u1";
        runs.put(id, json);
        jobs.put(id, new JsonObject().put("id", id).put("status", "IN_QUEUE").put("webhook", json.getString("webhook")));
        json(request, 200, new JsonObject().put("id", id).put("status", "IN_QUEUE").encode());
        vertx.setTimer(Math.max(1, queueMillis), t -> {
            JsonObject job = jobs.get(id);
            if (job == null || !"IN_QUEUE".equals(job.getString("status"))) {
                return;
            }
            job.put("status", "IN_PROGRESS").put("delayTime", queueMillis);
            if (!holdInProgress || job.getBoolean("release", false)) {
                vertx.setTimer(Math.max(1, runMillis), t2 -> complete(id));
            }
        });
    }

    private void complete(String id) {
        JsonObject job = jobs.get(id);
        if (job == null || !"IN_PROGRESS".equals(job.getString("status"))) {
            return;
        }
        job.put("executionTime", runMillis);
        if (jobError != null) {
            job.put("status", "FAILED").put("error", jobError);
        } else if (endStatus != null) {
            job.put("status", endStatus);
        } else {
            job.put("status", "COMPLETED").put("output", output);
        }
        String webhook = job.getString("webhook");
        if (webhook != null) {
            webhooksSent.add(webhook);
            hooks.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhook)
                            .putHeader("Content-Type", "application/json"))
                    .compose(req -> req.send(status(job).encode()))
                    .onFailure(e -> { });
        }
    }

    private static JsonObject status(JsonObject job) {
        JsonObject status = new JsonObject().put("id", job.getString("id")).put("status", job.getString("status"));
        for (String field : List.of("delayTime", "executionTime", "output", "error")) {
            if (job.containsKey(field)) {
                status.put(field, job.getValue(field));
            }
        }
        return status;
    }
}
