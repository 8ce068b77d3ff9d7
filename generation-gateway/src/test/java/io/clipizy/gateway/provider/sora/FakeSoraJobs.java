package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.llm.FakeApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of Azure OpenAI's preview video generation jobs API under {@code /openai/v1}: {@code api-key} header and
 * {@code api-version=preview} required; jobs created from JSON or multipart ({@code files}, {@code inpaint_items}) move
 * one status per poll through their plan ({@code preprocessing, queued, running, processing} then {@code succeeded} or
 * {@code failed} with a {@code failure_reason}); generations' {@code content/video} serves MP4 bytes until the job is
 * deleted or expired; errors in both the wrapped and the unwrapped Azure shapes.
 */
public final class FakeSoraJobs implements AutoCloseable {
    /** The bytes served as every generated video (an MP4 {@code ftyp} box and some payload). */
    public static final byte[] MP4 = mp4();

    /** How a job created next will go: the statuses it shows, then its end. */
    public record Plan(List<String> statuses, String failureReason, boolean expired) {
        public static Plan succeeds() {
            return new Plan(List.of("preprocessing", "queued", "running", "processing", "succeeded"), null, false);
        }

        public static Plan failsWith(String reason) {
            return new Plan(List.of("queued", "running", "failed"), reason, false);
        }

        public static Plan expiresBeforeDownload() {
            return new Plan(List.of("running", "succeeded"), null, true);
        }
    }

    private final class Job {
        final String id;
        final ObjectNode request;
        final Plan plan;
        final List<String> generations = new ArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        volatile boolean deleted;

        Job(String id, ObjectNode request, Plan plan, int variants) {
            this.id = id;
            this.request = request;
            this.plan = plan;
            for (int i = 0; i < variants; i++) {
                generations.add("gen_" + id.substring(5) + "_" + i);
            }
        }

        String status() {
            return plan.statuses().get(Math.min(polls.get(), plan.statuses().size() - 1));
        }

        ObjectNode json() {
            ObjectNode job = JsonCodec.mapper().createObjectNode().put("object", "video.generation.job").put("id", id)
                    .put("status", status()).put("created_at", 1744000000).put("prompt", request.path("prompt").asText())
                    .put("model", request.path("model").asText()).put("n_variants", generations.size())
                    .put("n_seconds", request.path("n_seconds").asInt()).put("height", request.path("height").asInt())
                    .put("width", request.path("width").asInt());
            boolean done = status().equals("succeeded") || status().equals("failed");
            if (done) {
                job.put("finished_at", Instant.now().getEpochSecond());
                job.put("expires_at", plan.expired() ? Instant.now().minusSeconds(60).getEpochSecond()
                        : Instant.now().plusSeconds(86400).getEpochSecond());
            } else {
                job.putNull("finished_at").putNull("expires_at");
            }
            ArrayNode gens = job.putArray("generations");
            if (status().equals("succeeded")) {
                for (String g : generations) {
                    gens.addObject().put("object", "video.generation").put("id", g).put("job_id", id).put("created_at", 1744000100)
                            .put("width", request.path("width").asInt()).put("height", request.path("height").asInt())
                            .put("n_seconds", request.path("n_seconds").asInt()).put("prompt", request.path("prompt").asText());
                }
            }
            if (status().equals("failed")) {
                job.put("failure_reason", plan.failureReason());
            } else {
                job.putNull("failure_reason");
            }
            job.putNull("inpaint_items");
            return job;
        }
    }

    private final String key;
    private final FakeApi api;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Deque<Plan> plans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger throttledPolls = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();

    public FakeSoraJobs(String key) {
        this.key = key;
        this.api = new FakeApi(this::route);
    }

    public String baseUrl() {
        return api.url() + "/openai/v1";
    }

    public void plan(Plan plan) {
        plans.addLast(plan);
    }

    /** The next {@code n} status polls answer 429 with {@code Retry-After: 0}. */
    public void throttlePolls(int n) {
        throttledPolls.set(n);
    }

    public List<FakeApi.Seen> seen(String method, String pathPrefix) {
        return api.seen(method, "/openai/v1" + pathPrefix);
    }

    public boolean deleted(String jobId) {
        Job job = jobs.get(jobId);
        return job != null && job.deleted;
    }

    public ObjectNode createdWith(String jobId) {
        return jobs.get(jobId).request;
    }

    private void route(HttpExchange exchange, FakeApi.Seen request) throws IOException {
        if (!key.equals(request.header("api-key"))) {
            FakeApi.json(exchange, 401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or "
                    + "wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API "
                    + "endpoint for your resource.\"}}");
            return;
        }
        if (request.query() == null || !request.query().contains("api-version=preview")) {
            FakeApi.json(exchange, 404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
            return;
        }
        String path = request.path().substring("/openai/v1".length());
        if (request.method().equals("POST") && path.equals("/video/generations/jobs")) {
            create(exchange, request);
        } else if (request.method().equals("GET") && path.equals("/video/generations/jobs")) {
            ObjectNode list = JsonCodec.mapper().createObjectNode().put("object", "list").put("has_more", false);
            ArrayNode data = list.putArray("data");
            jobs.values().stream().filter(j -> !j.deleted).forEach(j -> data.add(j.json()));
            FakeApi.json(exchange, 200, list);
        } else if (path.startsWith("/video/generations/jobs/")) {
            Job job = jobs.get(path.substring("/video/generations/jobs/".length()));
            if (job == null || job.deleted) {
                FakeApi.json(exchange, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"The specified job was not found.\"}}");
            } else if (request.method().equals("DELETE")) {
                job.deleted = true;
                FakeApi.send(exchange, 204, null, new byte[0]);
            } else if (throttledPolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                FakeApi.json(exchange, 429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded. Try again in 0 seconds.\"}}",
                        "Retry-After", "0");
            } else {
                ObjectNode json = job.json();
                job.polls.incrementAndGet();
                FakeApi.json(exchange, 200, json);
            }
        } else if (request.method().equals("GET") && path.startsWith("/video/generations/") && path.endsWith("/content/video")) {
            String genId = path.substring("/video/generations/".length(), path.length() - "/content/video".length());
            Job job = jobs.values().stream().filter(j -> j.generations.contains(genId)).findFirst().orElse(null);
            if (job == null || job.deleted || job.plan.expired() || !job.status().equals("succeeded")) {
                FakeApi.json(exchange, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"The requested video was not found.\"}}");
            } else {
                FakeApi.send(exchange, 200, "video/mp4", MP4);
            }
        } else {
            FakeApi.json(exchange, 404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
        }
    }

    private void create(HttpExchange exchange, FakeApi.Seen request) throws IOException {
        ObjectNode body;
        String contentType = request.header("Content-Type");
        if (contentType != null && contentType.startsWith("multipart/form-data")) {
            body = FakeMultipart.fields(request.body(), contentType);
        } else {
            JsonNode json = request.json();
            body = json.isObject() ? (ObjectNode) json : JsonCodec.mapper().createObjectNode();
        }
        String prompt = body.path("prompt").asText("");
        if (prompt.contains("blocked at the door")) {
            FakeApi.json(exchange, 400, "{\"code\":\"moderation_blocked\",\"message\":\"Your request was rejected by the safety system.\","
                    + "\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\",\"error_details\":{}}}");
            return;
        }
        int seconds = body.path("n_seconds").asInt(-1);
        int variants = body.path("n_variants").asInt(1);
        if (body.path("model").asText("").isEmpty() || prompt.isEmpty() || seconds < 1 || seconds > 20 || variants < 1 || variants > 5
                || body.path("width").asInt(0) == 0 || body.path("height").asInt(0) == 0) {
            FakeApi.json(exchange, 400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid request: model, prompt, width, "
                    + "height, n_seconds (1-20) and n_variants (1-5) are required.\"}}");
            return;
        }
        String id = "task_01jr" + counter.incrementAndGet() + "x6q1efzrmkk7g9bk3";
        Plan plan = plans.pollFirst();
        Job job = new Job(id, body, plan == null ? Plan.succeeds() : plan, variants);
        jobs.put(id, job);
        FakeApi.json(exchange, 201, job.json());
    }

    private static byte[] mp4() {
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'm', 'p', '4', '2', 'i', 's', 'o', 'm'};
        byte[] payload = "fake video payload from Sora".repeat(40).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }

    @Override
    public void close() {
        api.close();
    }
}
