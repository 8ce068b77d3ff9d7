package io.clipizy.gateway.provider.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.comfyui.GraphPlan;
import io.clipizy.gateway.provider.comfyui.GraphPlanner;
import io.clipizy.gateway.provider.comfyui.SlotSpec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds a job's {@code input} for the endpoint's worker. For a worker-comfyui endpoint: the gateway's own graph
 * template rendered from the task's parameters as {@code workflow}, and the input media as {@code images}
 * ({@code [{"name","image": data URI}]}, which the worker puts in ComfyUI's input folder). For an endpoint with its own
 * schema ({@code raw}): the task's parameters as they are, media ids in {@code image}, {@code reference},
 * {@code video}, {@code audio}, {@code references}, {@code images} replaced by data URIs (RunPod has no file API).
 */
final class RunPodInputs {
    private static final List<String> SINGLE_MEDIA = List.of("image", "reference", "video", "audio");
    private static final List<String> MEDIA_LISTS = List.of("references", "images");

    private final GraphPlanner planner;
    private final Map<String, String> models;

    RunPodInputs(GraphPlanner planner, Map<String, String> models) {
        this.planner = planner;
        this.models = Map.copyOf(models);
    }

    /** The input for a worker-comfyui endpoint, and the template it was rendered from. */
    Uni<ObjectNode> comfyUi(ProviderCall call) {
        return Uni.createFrom().deferred(() -> {
            GraphPlan plan = planner.plan(call.kind(), call.params(), call.taskId());
            Map<String, String> names = new LinkedHashMap<>();
            ArrayNode images = JsonNodeFactory.instance.arrayNode();
            return Multi.createFrom().iterable(plan.media().entrySet())
                    .onItem().transformToUniAndConcatenate(entry -> {
                        SlotSpec slot = plan.template().slots().get(entry.getKey());
                        return call.inputs().fetch(entry.getValue()).chain(media -> {
                            GraphPlan.requireKind(slot, media);
                            String name = GraphPlan.inputName(call.taskId(), slot, media);
                            names.put(entry.getKey(), name);
                            return dataUri(media).invoke(uri -> images.addObject().put("name", name).put("image", uri));
                        });
                    })
                    .collect().last()
                    .map(ignored -> {
                        ObjectNode input = JsonNodeFactory.instance.objectNode();
                        input.set("workflow", plan.render(names, models));
                        if (!images.isEmpty()) {
                            input.set("images", images);
                        }
                        return input;
                    });
        });
    }

    /** The task's parameters as the endpoint's input, media ids replaced by data URIs. */
    Uni<ObjectNode> raw(ProviderCall call) {
        return Uni.createFrom().deferred(() -> {
            ObjectNode input = call.params() != null && call.params().isObject() ? (ObjectNode) call.params().deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            List<Map.Entry<UUID, java.util.function.Consumer<String>>> media = new java.util.ArrayList<>();
            for (String field : SINGLE_MEDIA) {
                JsonNode value = input.get(field);
                if (value != null && !value.isNull()) {
                    media.add(Map.entry(mediaId(field, value), uri -> input.put(field, uri)));
                }
            }
            for (String field : MEDIA_LISTS) {
                JsonNode value = input.get(field);
                if (value != null && value.isArray()) {
                    ArrayNode list = (ArrayNode) value;
                    for (int i = 0; i < list.size(); i++) {
                        int index = i;
                        media.add(Map.entry(mediaId(field + "[" + i + "]", list.get(i)),
                                uri -> list.set(index, TextNode.valueOf(uri))));
                    }
                }
            }
            return Multi.createFrom().iterable(media)
                    .onItem().transformToUniAndConcatenate(entry -> fetch(call, entry.getKey()).invoke(entry.getValue()))
                    .collect().last().map(ignored -> input);
        });
    }

    private static UUID mediaId(String field, JsonNode value) {
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw ProviderException.invalidInput(field + " must be a media id (a UUID), got '" + value.asText() + "'");
        }
    }

    private static Uni<String> fetch(ProviderCall call, UUID id) {
        return call.inputs().fetch(id).chain(RunPodInputs::dataUri);
    }

    /** Reads and encodes a media file on a worker thread (it reads the disk). */
    private static Uni<String> dataUri(InputMedia.LocalMedia media) {
        return Uni.createFrom().item(() -> {
            if (media.sizeBytes() > RunPodClient.MAX_BODY) {
                throw ProviderException.invalidInput("media " + media.mediaId() + " is larger than RunPod's 10 MB "
                        + "request limit");
            }
            try {
                String type = media.contentType() == null ? "application/octet-stream" : media.contentType();
                return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(media.file()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
