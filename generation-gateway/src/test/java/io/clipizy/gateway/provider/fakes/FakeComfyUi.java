package io.clipizy.gateway.provider.fakes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ComfyUI server speaking the API of PROVIDERS.md: {@code /prompt} (validating links and input files as ComfyUI
 * does), {@code /history}, {@code /view}, {@code /upload/image}, {@code /queue}, {@code /interrupt},
 * {@code /system_stats}, every route also under {@code /api}, and {@code /ws?clientId=} with the execution messages
 * in ComfyUI's order. One prompt runs at a time; each node takes {@link #stepMillis}. Knobs make it misbehave.
 */
public final class FakeComfyUi extends FakeServer {
    /** Node types that save outputs, and what they save. */
    private static final Map<String, String[]> SAVERS = Map.of(
            "SaveImage", new String[] {"images", "png"},
            "SaveVideo", new String[] {"images", "mp4"},
            "SaveAudio", new String[] {"audio", "flac"});

    public volatile long stepMillis = 15;
    public volatile String requiredToken;
    /** When set, {@code POST /prompt} answers 400 with these node errors. */
    public volatile JsonObject nodeErrors;
    /** When set, the prompt fails in its sampler with this {@code execution_error} data. */
    public volatile JsonObject executionError;
    /** Close each socket after this many messages (a dropped connection mid-job). */
    public volatile int dropSocketAfter = -1;
    /** Refuse WebSocket upgrades altogether. */
    public volatile boolean refuseSockets;
    /** Hold a running prompt before its sampler until {@link #release()} or an interrupt. */
    public volatile boolean holdRunning;
    /** Forget everything (a server restart). */
    public final Map<String, Buffer> uploads = new ConcurrentHashMap<>();
    public final List<String> deleted = new CopyOnWriteArrayList<>();
    public final List<String> interrupted = new CopyOnWriteArrayList<>();
    public final Map<String, JsonObject> submitted = new ConcurrentHashMap<>();

    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> history = new ConcurrentHashMap<>();
    private final Map<String, Buffer> files = new ConcurrentHashMap<>();
    private final List<Job> pending = new CopyOnWriteArrayList<>();
    private volatile Job running;
    private final AtomicInteger number = new AtomicInteger();
    private volatile Runnable resume;

    private static final class Job {
        final String id;
        final String clientId;
        final JsonObject graph;
        final int number;
        volatile boolean interrupt;

        Job(String id, String clientId, JsonObject graph, int number) {
            this.id = id;
            this.clientId = clientId;
            this.graph = graph;
            this.number = number;
        }
    }

    public FakeComfyUi() {
        listen(vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20))
                .webSocketHandler(this::socket).requestHandler(this::request));
    }

    /** Lets a held prompt go on. */
    public void release() {
        holdRunning = false;
        Runnable next = resume;
        resume = null;
        if (next != null) {
            vertx.runOnContext(v -> next.run());
        }
    }

    /** Whether a client's socket is open now. */
    public boolean socketOpen(String clientId) {
        return sockets.containsKey(clientId);
    }

    private boolean authorised(String header) {
        String token = requiredToken;
        return token == null || ("Bearer " + token).equals(header) || token.equals(header);
    }

    private void socket(ServerWebSocket ws) {
        if (!ws.path().equals("/ws") && !ws.path().equals("/api/ws") || refuseSockets
                || !authorised(ws.headers().get("Authorization"))) {
            ws.reject(refuseSockets ? 503 : 401);
            return;
        }
        String clientId = ws.query() == null ? UUID.randomUUID().toString()
                : ws.query().replaceFirst("^.*clientId=([^&]*).*$", "$1");
        sockets.put(clientId, ws);
        sent.put(clientId, new AtomicInteger());
        ws.closeHandler(v -> sockets.remove(clientId, ws));
        send(clientId, "status", new JsonObject().put("status", new JsonObject()
                .put("exec_info", new JsonObject().put("queue_remaining", pending.size() + (running == null ? 0 : 1))))
                .put("sid", clientId));
    }

    private void send(String clientId, String type, JsonObject data) {
        ServerWebSocket ws = clientId == null ? null : sockets.get(clientId);
        if (ws == null) {
            return;
        }
        int count = sent.get(clientId).incrementAndGet();
        int drop = dropSocketAfter;
        if (drop >= 0 && count > drop) {
            sockets.remove(clientId);
            ws.close();
            return;
        }
        ws.writeTextMessage(new JsonObject().put("type", type).put("data", data).encode());
        // A binary preview frame now and then, as ComfyUI sends while sampling: the client must ignore it.
        if ("progress".equals(type)) {
            ws.writeBinaryMessage(Buffer.buffer(new byte[] {0, 0, 0, 1, 0, 0, 0, 2, (byte) 0xFF, (byte) 0xD8}));
        }
    }

    private void request(HttpServerRequest request) {
        String path = request.path().startsWith("/api/") ? request.path().substring(4) : request.path();
        if (path.equals("/upload/image") && request.method().name().equals("POST")) {
            upload(request, path);
            return;
        }
        request.body().onSuccess(body -> {
            record(request, path, body.toString());
            String route = request.method().name() + " " + (path.startsWith("/history/") ? "/history" : path);
            if (!authorised(request.getHeader("Authorization"))) {
                json(request, 401, "{\"error\":\"Unauthorized\"}");
                return;
            }
            if (scripted(request, route)) {
                return;
            }
            switch (route) {
                case "POST /prompt":
                    prompt(request, body);
                    break;
                case "GET /history": {
                    String id = path.substring("/history/".length());
                    JsonObject entry = history.get(id);
                    json(request, 200, entry == null ? "{}" : new JsonObject().put(id, entry).encode());
                    break;
                }
                case "GET /view":
                    view(request);
                    break;
                case "GET /queue":
                    json(request, 200, queue().encode());
                    break;
                case "POST /queue":
                    body.toJsonObject().getJsonArray("delete", new JsonArray()).forEach(id -> {
                        deleted.add(id.toString());
                        pending.removeIf(job -> job.id.equals(id));
                    });
                    json(request, 200, "{}");
                    break;
                case "POST /interrupt": {
                    String id = body.length() == 0 ? null : body.toJsonObject().getString("prompt_id");
                    Job job = running;
                    if (job != null && (id == null || id.equals(job.id))) {
                        interrupted.add(job.id);
                        job.interrupt = true;
                        release();
                    }
                    json(request, 200, "{}");
                    break;
                }
                case "GET /system_stats":
                    json(request, 200, "{\"system\":{\"os\":\"posix\",\"comfyui_version\":\"0.3.66\",\"python_version\":"
                            + "\"3.12\"},\"devices\":[{\"name\":\"cuda:0\",\"type\":\"cuda\",\"vram_total\":25769803776}]}");
                    break;
                default:
                    json(request, 404, "{\"error\":\"Not Found\"}");
            }
        });
    }

    private void upload(HttpServerRequest request, String path) {
        request.setExpectMultipart(true);
        Map<String, Buffer> received = new LinkedHashMap<>();
        request.uploadHandler(file -> {
            Buffer data = Buffer.buffer();
            file.handler(data::appendBuffer);
            file.endHandler(v -> received.put(file.filename(), data));
        });
        request.endHandler(v -> {
            record(request, path, request.formAttributes().toString());
            if (!authorised(request.getHeader("Authorization"))) {
                json(request, 401, "{\"error\":\"Unauthorized\"}");
                return;
            }
            if (scripted(request, "POST /upload/image")) {
                return;
            }
            if (received.isEmpty() || !"input".equals(request.getFormAttribute("type"))) {
                json(request, 400, new JsonObject().put("error", "no image or wrong type: files " + received.keySet()
                        + ", attributes " + request.formAttributes()).encode());
                return;
            }
            String subfolder = request.getFormAttribute("subfolder") == null ? "" : request.getFormAttribute("subfolder");
            Map.Entry<String, Buffer> file = received.entrySet().iterator().next();
            uploads.put(subfolder.isEmpty() ? file.getKey() : subfolder + "/" + file.getKey(), file.getValue());
            json(request, 200, new JsonObject().put("name", file.getKey()).put("subfolder", subfolder)
                    .put("type", "input").encode());
        });
    }

    private void prompt(HttpServerRequest request, Buffer body) {
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            json(request, 400, "{\"error\":{\"type\":\"invalid_prompt\",\"message\":\"Invalid JSON\"},\"node_errors\":{}}");
            return;
        }
        JsonObject graph = json.getJsonObject("prompt");
        if (nodeErrors != null) {
            json(request, 400, new JsonObject().put("error", new JsonObject().put("type", "prompt_outputs_failed_validation")
                    .put("message", "Prompt outputs failed validation").put("details", "")
                    .put("extra_info", new JsonObject())).put("node_errors", nodeErrors).encode());
            return;
        }
        JsonObject errors = validate(graph);
        if (errors != null) {
            json(request, 400, errors.encode());
            return;
        }
        String id = json.getString("prompt_id", UUID.randomUUID().toString());
        Job job = new Job(id, json.getString("client_id"), graph, number.incrementAndGet());
        submitted.put(id, json);
        pending.add(job);
        json(request, 200, new JsonObject().put("prompt_id", id).put("number", job.number)
                .put("node_errors", new JsonObject()).encode());
        vertx.runOnContext(v -> next());
    }

    /** What ComfyUI checks before queueing: links to existing nodes, and input files that exist. */
    private JsonObject validate(JsonObject graph) {
        if (graph == null || graph.isEmpty()) {
            return new JsonObject().put("error", new JsonObject().put("type", "prompt_no_outputs")
                    .put("message", "Prompt has no outputs").put("details", "")).put("node_errors", new JsonObject());
        }
        JsonObject nodeErrors = new JsonObject();
        for (String id : graph.fieldNames()) {
            JsonObject node = graph.getJsonObject(id);
            JsonObject inputs = node.getJsonObject("inputs");
            for (String input : inputs.fieldNames()) {
                Object value = inputs.getValue(input);
                if (value instanceof JsonArray && !graph.containsKey(((JsonArray) value).getString(0))) {
                    return new JsonObject().put("error", new JsonObject().put("type", "invalid_prompt")
                            .put("message", "Cannot execute because node " + ((JsonArray) value).getString(0)
                                    + " does not exist.").put("details", "Node ID '#" + id + "'"))
                            .put("node_errors", new JsonObject());
                }
                boolean fileInput = ("LoadImage".equals(node.getString("class_type")) && "image".equals(input))
                        || ("VHS_LoadVideo".equals(node.getString("class_type")) && "video".equals(input));
                if (fileInput && !uploads.containsKey(String.valueOf(value))) {
                    nodeErrors.put(id, new JsonObject().put("class_type", node.getString("class_type"))
                            .put("dependent_outputs", new JsonArray())
                            .put("errors", new JsonArray().add(new JsonObject().put("type", "custom_validation_failed")
                                    .put("message", "Custom validation failed for node")
                                    .put("details", input + " - Invalid image file: " + value)
                                    .put("extra_info", new JsonObject().put("input_name", input)))));
                }
            }
        }
        if (!nodeErrors.isEmpty()) {
            return new JsonObject().put("error", new JsonObject().put("type", "prompt_outputs_failed_validation")
                    .put("message", "Prompt outputs failed validation").put("details", ""))
                    .put("node_errors", nodeErrors);
        }
        return null;
    }

    private JsonObject queue() {
        JsonArray runningList = new JsonArray();
        Job job = running;
        if (job != null) {
            runningList.add(new JsonArray().add(job.number).add(job.id).add(job.graph).add(new JsonObject())
                    .add(new JsonArray()));
        }
        JsonArray pendingList = new JsonArray();
        pending.forEach(p -> pendingList.add(new JsonArray().add(p.number).add(p.id).add(p.graph)
                .add(new JsonObject()).add(new JsonArray())));
        return new JsonObject().put("queue_running", runningList).put("queue_pending", pendingList);
    }

    private void view(HttpServerRequest request) {
        String key = request.getParam("subfolder", "") + "/" + request.getParam("filename", "");
        Buffer file = "output".equals(request.getParam("type")) ? files.get(key) : null;
        if (file == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.response().putHeader("Content-Type", "application/octet-stream").end(file);
    }

    private synchronized void next() {
        if (running != null || pending.isEmpty()) {
            return;
        }
        Job job = pending.remove(0);
        running = job;
        List<String> nodes = new ArrayList<>(job.graph.fieldNames());
        send(job.clientId, "execution_start", new JsonObject().put("prompt_id", job.id).put("timestamp", now()));
        send(job.clientId, "execution_cached", new JsonObject().put("nodes", new JsonArray().add(nodes.get(0)))
                .put("prompt_id", job.id).put("timestamp", now()));
        JsonArray messages = new JsonArray()
                .add(new JsonArray().add("execution_start").add(new JsonObject().put("prompt_id", job.id)))
                .add(new JsonArray().add("execution_cached").add(new JsonObject().put("nodes",
                        new JsonArray().add(nodes.get(0))).put("prompt_id", job.id)));
        runNode(job, nodes, 1, new JsonObject(), messages);
    }

    private void runNode(Job job, List<String> nodes, int index, JsonObject outputs, JsonArray messages) {
        vertx.setTimer(Math.max(1, stepMillis), t -> {
            if (job.interrupt) {
                send(job.clientId, "execution_interrupted", new JsonObject().put("prompt_id", job.id)
                        .put("node_id", nodes.get(Math.min(index, nodes.size() - 1))));
                messages.add(new JsonArray().add("execution_interrupted").add(new JsonObject().put("prompt_id", job.id)));
                finish(job, outputs, messages, "error");
                return;
            }
            if (index >= nodes.size()) {
                send(job.clientId, "execution_success", new JsonObject().put("prompt_id", job.id).put("timestamp", now()));
                messages.add(new JsonArray().add("execution_success").add(new JsonObject().put("prompt_id", job.id)));
                finish(job, outputs, messages, "success");
                return;
            }
            String id = nodes.get(index);
            JsonObject node = job.graph.getJsonObject(id);
            String type = node.getString("class_type");
            if ("KSampler".equals(type) && holdRunning) {
                resume = () -> runNode(job, nodes, index, outputs, messages);
                return;
            }
            send(job.clientId, "executing", new JsonObject().put("node", id).put("display_node", id)
                    .put("prompt_id", job.id));
            if ("KSampler".equals(type)) {
                for (int step = 1; step <= 3; step++) {
                    send(job.clientId, "progress", new JsonObject().put("value", step).put("max", 3)
                            .put("prompt_id", job.id).put("node", id));
                }
                JsonObject error = executionError;
                if (error != null) {
                    JsonObject data = error.copy().put("prompt_id", job.id).put("node_id", id).put("node_type", type)
                            .put("executed", new JsonArray()).put("traceback", new JsonArray());
                    send(job.clientId, "execution_error", data);
                    messages.add(new JsonArray().add("execution_error").add(data));
                    finish(job, outputs, messages, "error");
                    return;
                }
            }
            String[] saver = SAVERS.get(type);
            if (saver != null) {
                String prefix = String.valueOf(node.getJsonObject("inputs").getValue("filename_prefix"));
                int slash = prefix.lastIndexOf('/');
                String subfolder = slash < 0 ? "" : prefix.substring(0, slash);
                String name = (slash < 0 ? prefix : prefix.substring(slash + 1)) + "_00001_." + saver[1];
                files.put(subfolder + "/" + name, Media.bytes(saver[1]));
                JsonObject ui = new JsonObject().put(saver[0], new JsonArray().add(new JsonObject()
                        .put("filename", name).put("subfolder", subfolder).put("type", "output")));
                if ("mp4".equals(saver[1])) {
                    ui.put("animated", new JsonArray().add(true));
                }
                outputs.put(id, ui);
                send(job.clientId, "executed", new JsonObject().put("node", id).put("display_node", id)
                        .put("output", ui).put("prompt_id", job.id));
            }
            runNode(job, nodes, index + 1, outputs, messages);
        });
    }

    private void finish(Job job, JsonObject outputs, JsonArray messages, String status) {
        history.put(job.id, new JsonObject()
                .put("prompt", new JsonArray().add(job.number).add(job.id).add(job.graph).add(new JsonObject())
                        .add(new JsonArray()))
                .put("outputs", outputs)
                .put("status", new JsonObject().put("status_str", status).put("completed", "success".equals(status))
                        .put("messages", messages))
                .put("meta", new JsonObject()));
        running = null;
        send(job.clientId, "executing", new JsonObject().put("node", (String) null).put("prompt_id", job.id));
        next();
    }

    /** A server restart: queue, history and outputs are gone. */
    public void restart() {
        history.clear();
        pending.clear();
        running = null;
        sockets.values().forEach(ServerWebSocket::close);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
