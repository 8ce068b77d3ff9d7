package io.clipizy.gateway.provider.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.comfyui.ComfyUiErrors;
import io.clipizy.gateway.provider.comfyui.GraphPlanner;
import io.clipizy.gateway.provider.comfyui.GraphTemplates;
import io.clipizy.gateway.provider.comfyui.ProviderHttp;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code runpod} provider: RunPod serverless queue endpoints, one per task kind.
 *
 * <p>{@link #start} sends {@code /run} with the worker's input (see {@link RunPodInputs}), a {@code policy} whose
 * {@code executionTimeout} and {@code ttl} come from the task's deadline, and — when this gateway has a public URL — a
 * webhook carrying a per-task secret. {@link #follow} reads {@code /status} with a growing interval, woken early by
 * the webhook (whose body is never trusted: the status is re-read), reads {@code /stream} for progress where the
 * worker streams, and writes the outputs (base64 or URLs) into the task's work directory. A 404 from {@code /status}
 * is a lost job (its ttl passed), a typed failure.
 */
public class RunPodProvider implements Provider {
    private static final Set<TaskKind> SUPPORTED = EnumSet.of(TaskKind.IMAGE_GENERATION, TaskKind.VIDEO_GENERATION,
            TaskKind.MUSIC_GENERATION);
    private static final long MIN_EXECUTION_MS = 5_000;
    private static final long MIN_TTL_MS = 10_000;
    private static final long MAX_POLICY_MS = Duration.ofDays(7).toMillis();

    private final Vertx vertx;
    private final RunPodSettings settings;
    private final RunPodClient client;
    private final RunPodInputs inputs;
    private final RunPodWebhooks webhooks;

    public RunPodProvider(Vertx vertx, WebClient web, RunPodSettings settings, GraphTemplates templates,
                          Map<String, String> models, RunPodWebhooks webhooks) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = new RunPodClient(vertx, web, settings);
        this.inputs = new RunPodInputs(new GraphPlanner(templates), models);
        this.webhooks = webhooks;
    }

    @Override
    public String name() {
        return RunPodClient.NAME;
    }

    @Override
    public Set<TaskKind> kinds() {
        Set<TaskKind> kinds = EnumSet.noneOf(TaskKind.class);
        settings.endpoints().keySet().stream().filter(SUPPORTED::contains).forEach(kinds::add);
        return kinds;
    }

    @Override
    public boolean configured() {
        return settings.apiKey().isPresent() && !kinds().isEmpty();
    }

    @Override
    public Uni<ProviderHealth> probe() {
        if (!configured()) {
            return Uni.createFrom().item(ProviderHealth.notConfigured(name()));
        }
        String endpoint = settings.endpoints().get(kinds().iterator().next()).id();
        long started = System.nanoTime();
        return client.health(endpoint)
                .map(health -> new ProviderHealth(name(), true, true, (System.nanoTime() - started) / 1_000_000,
                        client.guard().lastError(), Instant.now()))
                .onFailure().recoverWithItem(failure -> new ProviderHealth(name(), true, false, null,
                        failure.getMessage(), Instant.now()));
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        return Uni.createFrom().deferred(() -> {
            if (!configured()) {
                throw ProviderException.rejected("RunPod is not configured");
            }
            RunPodSettings.Endpoint endpoint = settings.endpoints().get(call.kind());
            if (endpoint == null || !SUPPORTED.contains(call.kind())) {
                throw ProviderException.rejected("RunPod has no endpoint configured for " + call.kind().wire());
            }
            Uni<ObjectNode> input = endpoint.input() == RunPodSettings.InputMode.COMFYUI ? inputs.comfyUi(call)
                    : inputs.raw(call);
            String secret = RunPodWebhooks.newSecret();
            return input.chain(in -> client.run(endpoint.id(), body(call, in, secret))).map(id -> {
                call.progress().report(0.01, "Queued on RunPod");
                return new RunPodJob(endpoint.id(), id, endpoint.stream(), secret).toProviderJob();
            });
        }).ifNoItem().after(untilDeadline(call.deadline())).failWith(() -> ProviderException.timeout(
                "RunPod did not accept the job before the task's deadline"));
    }

    private ObjectNode body(ProviderCall call, ObjectNode input, String secret) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("input", input);
        settings.webhookBaseUrl().ifPresent(base -> body.put("webhook",
                base + "/api/hooks/runpod/" + call.taskId() + "/" + secret));
        long left = untilDeadline(call.deadline()).toMillis();
        ObjectNode policy = body.putObject("policy");
        policy.put("executionTimeout", clamp(left, MIN_EXECUTION_MS, MAX_POLICY_MS));
        policy.put("ttl", clamp(left + settings.resultGrace().toMillis(), MIN_TTL_MS, MAX_POLICY_MS));
        policy.put("lowPriority", false);
        return body;
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().deferred(() -> {
            RunPodJob runPod = RunPodJob.from(job);
            Follower follower = new Follower(call, runPod);
            RunPodWebhooks.Registration registration = runPod.secret().isEmpty() ? () -> { }
                    : webhooks.register(call.taskId(), runPod.secret(), follower::wake);
            return follower.poll(settings.pollInterval())
                    .ifNoItem().after(untilDeadline(call.deadline())).recoverWithUni(() -> cancel(call, job)
                            .chain(() -> Uni.createFrom().failure(ProviderException.timeout(
                                    "RunPod did not finish job " + runPod.jobId() + " before the task's deadline"))))
                    .eventually(registration::close);
        });
    }

    /** Reads the status until the job ends, waiting between reads unless a webhook arrives. */
    private final class Follower {
        private final ProviderCall call;
        private final RunPodJob job;
        private final Instant began = Instant.now();
        private final AtomicBoolean woken = new AtomicBoolean();
        private final AtomicReference<Runnable> waiting = new AtomicReference<>();

        Follower(ProviderCall call, RunPodJob job) {
            this.call = call;
            this.job = job;
        }

        /** A webhook arrived: end the current wait, or the next one if the follower is reading the status now. */
        void wake() {
            Runnable waiter = waiting.getAndSet(null);
            if (waiter != null) {
                waiter.run();
            } else {
                woken.set(true);
            }
        }

        Uni<ProviderResult> poll(Duration interval) {
            return client.status(job.endpointId(), job.jobId()).chain(status -> {
                String state = status.path("status").asText("").toUpperCase(Locale.ROOT);
                switch (state) {
                    case "COMPLETED":
                        return completed(status);
                    case "FAILED":
                        throw failure(job.jobId(), status.get("error"));
                    case "CANCELLED":
                        throw new ProviderException(ErrorCode.CANCELLED, "RunPod job " + job.jobId() + " was cancelled",
                                false, null, null);
                    case "TIMED_OUT":
                        throw ProviderException.timeout("RunPod timed the job out (its execution timeout passed)");
                    case "IN_PROGRESS":
                        return running().chain(() -> pause(interval))
                                .chain(() -> poll(next(interval)));
                    default:
                        call.progress().report(0.02, "Waiting for a RunPod worker");
                        return pause(interval).chain(() -> poll(next(interval)));
                }
            });
        }

        private Uni<Void> running() {
            if (!job.stream()) {
                long seconds = Duration.between(began, Instant.now()).toSeconds();
                call.progress().report(0.1 + 0.8 * (1 - Math.exp(-seconds / 120.0)),
                        "Running on RunPod (" + seconds + " s)");
                return Uni.createFrom().voidItem();
            }
            return client.stream(job.endpointId(), job.jobId()).invoke(this::streamed).replaceWithVoid();
        }

        /** A streaming worker's last partial output, when it says how far it is ({@code progress}, {@code message}). */
        private void streamed(JsonNode stream) {
            JsonNode items = stream.path("stream");
            if (!items.isArray() || items.isEmpty()) {
                return;
            }
            JsonNode last = items.get(items.size() - 1).path("output");
            if (last.path("progress").isNumber()) {
                double value = last.path("progress").asDouble();
                double fraction = value > 1 ? value / 100 : value;
                String message = last.path("message").asText("Running on RunPod");
                call.progress().report(0.05 + 0.9 * Math.max(0, Math.min(1, fraction)), ProviderHttp.shorten(message));
            }
        }

        private Uni<ProviderResult> completed(JsonNode status) {
            JsonNode output = status.get("output");
            Uni<JsonNode> complete = (output == null || output.isNull() || output.isEmpty()) && job.stream()
                    ? client.stream(job.endpointId(), job.jobId()).map(Follower::aggregate)
                    : Uni.createFrom().item(output);
            return complete.chain(out -> {
                List<RunPodOutputs.Found> found = RunPodOutputs.find(out);
                if (found.isEmpty()) {
                    throw ProviderException.rejected("RunPod job " + job.jobId()
                            + " completed without any image, video or audio in its output");
                }
                call.progress().report(0.96, "Saving the results from RunPod");
                return vertx.fileSystem().mkdirs(call.workDir().toString())
                        .chain(() -> RunPodOutputs.materialise(found, call.workDir(), client,
                                settings.requireHttpsOutputUrls()))
                        .map(outputs -> {
                            ObjectNode result = JsonNodeFactory.instance.objectNode();
                            result.put("provider", name());
                            result.put("jobId", job.jobId());
                            if (status.path("delayTime").isNumber()) {
                                result.put("delayTimeMs", status.path("delayTime").asLong());
                            }
                            if (status.path("executionTime").isNumber()) {
                                result.put("executionTimeMs", status.path("executionTime").asLong());
                            }
                            result.put("outputs", outputs.size());
                            call.progress().report(1.0, "RunPod finished");
                            return new ProviderResult(outputs, result);
                        });
            });
        }

        private static JsonNode aggregate(JsonNode stream) {
            var all = JsonNodeFactory.instance.arrayNode();
            stream.path("stream").forEach(item -> all.add(item.path("output")));
            return all;
        }

        /** Waits {@code interval}, or less when a webhook arrives (or arrived since the last read). */
        private Uni<Void> pause(Duration interval) {
            return Uni.createFrom().emitter(emitter -> {
                AtomicBoolean done = new AtomicBoolean();
                long[] timer = {-1};
                Runnable resume = () -> {
                    if (done.compareAndSet(false, true)) {
                        if (timer[0] >= 0) {
                            vertx.cancelTimer(timer[0]);
                        }
                        emitter.complete(null);
                    }
                };
                waiting.set(resume);
                if (woken.getAndSet(false)) {
                    waiting.set(null);
                    resume.run();
                    return;
                }
                timer[0] = vertx.setTimer(Math.max(1, interval.toMillis()), id -> {
                    waiting.compareAndSet(resume, null);
                    resume.run();
                });
                emitter.onTermination(() -> waiting.compareAndSet(resume, null));
            });
        }

        private Duration next(Duration interval) {
            Duration doubled = interval.multipliedBy(2);
            return doubled.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : doubled;
        }
    }

    /**
     * A FAILED job's {@code error}: a string, often itself JSON ({@code error_type, error_message}). A content filter
     * is moderation, running out of GPU memory is a retryable unavailability, anything else a rejection.
     */
    static ProviderException failure(String jobId, JsonNode error) {
        String text = error == null || error.isNull() ? "" : error.isTextual() ? error.asText() : error.toString();
        String message = text;
        try {
            JsonNode parsed = text.strip().startsWith("{") ? JsonCodec.mapper().readTree(text) : null;
            if (parsed != null && parsed.isObject()) {
                String type = parsed.path("error_type").asText("");
                String detail = parsed.path("error_message").asText(parsed.path("message").asText(""));
                message = type.isEmpty() ? detail : type + ": " + detail;
            }
        } catch (IOException e) {
            message = text;
        }
        message = ProviderHttp.shorten(message.isBlank() ? "no reason given" : message);
        if (ComfyUiErrors.MODERATION.matcher(message).find()) {
            return ProviderException.moderation("RunPod job " + jobId + " was refused by a content filter: " + message);
        }
        if (message.contains("OutOfMemory") || message.toLowerCase(Locale.ROOT).contains("out of memory")) {
            return ProviderException.unavailable("RunPod job " + jobId + " ran out of GPU memory", null, null);
        }
        return ProviderException.rejected("RunPod job " + jobId + " failed: " + message);
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().deferred(() -> {
            RunPodJob runPod = RunPodJob.from(job);
            return client.cancel(runPod.endpointId(), runPod.jobId());
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Duration untilDeadline(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.toMillis() < 1 ? Duration.ofMillis(1) : left;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
