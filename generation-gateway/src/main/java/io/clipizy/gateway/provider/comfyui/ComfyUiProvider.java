package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code comfyui} provider: runs the gateway's graph templates on a ComfyUI server, reached directly or as a RunPod
 * pod through its proxy URL (a base URL and an optional bearer token).
 *
 * <p>{@link #start} uploads the task's reference media through {@code /upload/image}, renders the template and queues it
 * with {@code /prompt} under the task id as prompt id and a per-task WebSocket client id; {@link #follow} listens on
 * {@code /ws} for progress, confirms the end in {@code /history} (polling it when the socket is down) and downloads the
 * outputs with {@code /view}; {@link #cancel} deletes a waiting prompt from the queue or interrupts a running one.
 * Kinds: {@code image_generation} (text-to-image, or an edit of 1–3 references), {@code video_generation}
 * (image-to-video) and {@code music_generation} for a soundtrack made for a given video (video-to-audio).
 */
public class ComfyUiProvider implements Provider {
    private static final Set<TaskKind> KINDS = EnumSet.of(TaskKind.IMAGE_GENERATION, TaskKind.VIDEO_GENERATION,
            TaskKind.MUSIC_GENERATION);

    private final Vertx vertx;
    private final ComfyUiSettings settings;
    private final GraphPlanner planner;
    private final ComfyUiClient client;

    public ComfyUiProvider(Vertx vertx, WebClient web, ComfyUiSettings settings, GraphTemplates templates) {
        this.vertx = vertx;
        this.settings = settings;
        this.planner = new GraphPlanner(templates);
        this.client = new ComfyUiClient(vertx, web, settings);
    }

    @Override
    public String name() {
        return ComfyUiClient.NAME;
    }

    @Override
    public Set<TaskKind> kinds() {
        return KINDS;
    }

    @Override
    public boolean configured() {
        return settings.url().isPresent();
    }

    @Override
    public Uni<ProviderHealth> probe() {
        if (!configured()) {
            return Uni.createFrom().item(ProviderHealth.notConfigured(name()));
        }
        long started = System.nanoTime();
        return client.systemStats(settings.url().get())
                .map(stats -> new ProviderHealth(name(), true, true, (System.nanoTime() - started) / 1_000_000,
                        client.guard().lastError(), Instant.now()))
                .onFailure().recoverWithItem(failure -> new ProviderHealth(name(), true, false, null,
                        failure.getMessage(), Instant.now()));
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        return Uni.createFrom().deferred(() -> {
            String base = settings.url().orElseThrow(() -> ProviderException.rejected("ComfyUI is not configured"));
            GraphPlan plan = planner.plan(call.kind(), call.params(), call.taskId());
            if (!plan.media().isEmpty()) {
                call.progress().report(0.0, "Uploading " + plan.media().size() + " input file"
                        + (plan.media().size() == 1 ? "" : "s") + " to ComfyUI");
            }
            return uploadAll(call, base, plan).chain(uploaded -> {
                ObjectNode graph = plan.render(uploaded, settings.models());
                String promptId = call.taskId().toString();
                String clientId = "clipizy-" + call.taskId();
                return client.prompt(base, graph, clientId, promptId, body -> ComfyUiErrors.refusal(plan.template(), body))
                        .map(id -> {
                            call.progress().report(0.01, "Queued on ComfyUI");
                            return new ComfyUiJob(base, id, clientId, plan.template().id(), graph.size(),
                                    plan.template().outputNodes(), plan.outputKind()).toProviderJob();
                        });
            });
        }).ifNoItem().after(untilDeadline(call)).failWith(() -> ProviderException.timeout(
                "ComfyUI did not accept the job before the task's deadline"));
    }

    /** Fetches each media input and uploads it; answers slot → the file name ComfyUI knows it by. */
    private Uni<Map<String, String>> uploadAll(ProviderCall call, String base, GraphPlan plan) {
        Map<String, String> names = new LinkedHashMap<>();
        return Multi.createFrom().iterable(plan.media().entrySet())
                .onItem().transformToUniAndConcatenate(entry -> {
                    SlotSpec slot = plan.template().slots().get(entry.getKey());
                    return call.inputs().fetch(entry.getValue()).chain(media -> {
                        GraphPlan.requireKind(slot, media);
                        String name = GraphPlan.inputName(call.taskId(), slot, media);
                        return client.upload(base, media.file(), name, media.contentType())
                                .invoke(stored -> names.put(entry.getKey(), stored));
                    });
                })
                .collect().last()
                .map(ignored -> names);
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().deferred(() -> {
            ComfyUiJob comfy = ComfyUiJob.from(job);
            return new PromptWatch(vertx, client, settings, comfy, call.progress(), call.deadline()).await()
                    .chain(entry -> {
                        if ("error".equals(entry.path("status").path("status_str").asText(""))) {
                            throw ComfyUiErrors.executionFailure(comfy.promptId(), entry);
                        }
                        call.progress().report(0.96, "Downloading the results from ComfyUI");
                        return download(call, comfy, outputFiles(comfy, entry));
                    });
        });
    }

    /** The saved files ({@code type: output}) of the template's output nodes, or of every node when those are absent. */
    static List<JsonNode> outputFiles(ComfyUiJob job, JsonNode entry) {
        JsonNode outputs = entry.path("outputs");
        List<String> nodes = new ArrayList<>();
        for (String node : job.outputNodes()) {
            if (outputs.has(node)) {
                nodes.add(node);
            }
        }
        if (nodes.isEmpty()) {
            outputs.fieldNames().forEachRemaining(nodes::add);
        }
        List<JsonNode> files = new ArrayList<>();
        for (String node : nodes) {
            Iterator<Map.Entry<String, JsonNode>> fields = outputs.path(node).fields();
            while (fields.hasNext()) {
                for (JsonNode file : fields.next().getValue()) {
                    if (file.isObject() && file.path("filename").isTextual()
                            && "output".equals(file.path("type").asText("output"))) {
                        files.add(file);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw ProviderException.rejected("ComfyUI finished prompt " + job.promptId() + " but saved no output file");
        }
        return files;
    }

    private Uni<ProviderResult> download(ProviderCall call, ComfyUiJob job, List<JsonNode> files) {
        List<ProviderResult.Output> outputs = new ArrayList<>();
        return vertx.fileSystem().mkdirs(call.workDir().toString())
                .chain(() -> Multi.createFrom().range(0, files.size())
                        .onItem().transformToUniAndConcatenate(index -> {
                            JsonNode file = files.get(index);
                            String name = String.format("%02d-%s", index + 1,
                                    MediaFiles.safeName(file.path("filename").asText(), "output"));
                            Path target = call.workDir().resolve(name);
                            return client.download(job.baseUrl(), file.path("filename").asText(),
                                            file.path("subfolder").asText(""), file.path("type").asText("output"), target)
                                    .chain(size -> MediaFiles.identify(target, name, "ComfyUI"))
                                    .invoke(outputs::add);
                        })
                        .collect().last())
                .map(ignored -> {
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.put("provider", name());
                    result.put("template", job.template());
                    result.put("promptId", job.promptId());
                    result.put("outputs", outputs.size());
                    call.progress().report(1.0, "ComfyUI finished");
                    return new ProviderResult(outputs, result);
                });
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().deferred(() -> {
            ComfyUiJob comfy = ComfyUiJob.from(job);
            return client.queue(comfy.baseUrl(), comfy.promptId()).chain(place -> {
                switch (place) {
                    case PENDING:
                        return client.deleteFromQueue(comfy.baseUrl(), comfy.promptId());
                    case RUNNING:
                        return client.interrupt(comfy.baseUrl(), comfy.promptId());
                    default:
                        return Uni.createFrom().voidItem();
                }
            });
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** What is left of the task's time (at least a millisecond, so an expired task fails at once as a timeout). */
    static Duration untilDeadline(ProviderCall call) {
        Duration left = Duration.between(Instant.now(), call.deadline());
        return left.toMillis() < 1 ? Duration.ofMillis(1) : left;
    }
}
