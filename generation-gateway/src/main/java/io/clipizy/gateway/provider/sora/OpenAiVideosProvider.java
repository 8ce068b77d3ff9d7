package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.llm.ApiHttp;
import io.smallrye.mutiny.Uni;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@code openai-videos} provider: the OpenAI / Azure OpenAI Videos API (Sora 2). One {@code POST /videos} per
 * variant (JSON, or multipart with {@code input_reference} to start from an image; {@code seconds} is a string), or
 * {@code POST /videos/{id}/remix} when the task names {@code remixOf}; each video is polled as the API asks
 * ({@code openai-poll-after-ms}), downloaded from {@code /content?variant=video} when completed, then deleted unless
 * the task keeps it for a remix. Kept behind the common adapter interface: OpenAI has announced this API's shutdown,
 * and another provider replaces it by configuration.
 */
public class OpenAiVideosProvider extends VideoProvider {
    public static final String NAME = "openai-videos";
    static final String API = "openai-videos";
    static final List<Integer> SECONDS = List.of(4, 8, 12);
    static final Set<String> SIZES = Set.of("1280x720", "720x1280", "1792x1024", "1024x1792");
    private static final double DEFAULT_SECONDS = 4;
    private static final int MAX_VARIANTS = 4;

    public OpenAiVideosProvider(VideoSettings settings, HttpClient http) {
        super(settings, http);
    }

    @Override
    protected String api() {
        return API;
    }

    @Override
    protected String probePath() {
        return "/videos";
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        if (!configured()) {
            return Uni.createFrom().failure(ProviderException.unavailable(NAME + " is not configured", null, null));
        }
        VideoParams v;
        String seconds;
        String size;
        try {
            v = VideoParams.from(call.params(), DEFAULT_SECONDS);
            seconds = seconds(v);
            size = size(v);
            if (v.variants() < 1 || v.variants() > MAX_VARIANTS || (v.remixOf() != null && v.variants() != 1)) {
                throw ProviderException.invalidInput("n_variants must be 1 to " + MAX_VARIANTS + " (1 for a remix)");
            }
        } catch (ProviderException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<List<String>> ids;
        if (v.remixOf() != null) {
            ObjectNode body = JsonCodec.mapper().createObjectNode().put("prompt", v.prompt());
            ids = create(() -> postJson("/videos/" + encode(v.remixOf()) + "/remix", body).build()).map(List::of);
        } else if (v.image() != null) {
            ids = image(call, v.image()).chain(image -> createAll(v.variants(), () -> postMultipart("/videos", new Multipart()
                    .field("model", settings.model()).field("prompt", v.prompt()).field("seconds", seconds).field("size", size)
                    .file("input_reference", image.fileName(), image.contentType(), image.bytes())).build()));
        } else {
            ObjectNode body = JsonCodec.mapper().createObjectNode().put("model", settings.model()).put("prompt", v.prompt())
                    .put("seconds", seconds).put("size", size);
            ids = createAll(v.variants(), () -> postJson("/videos", body).build());
        }
        return ids.map(list -> {
            progress(call).report(0.02, list.size() == 1 ? "Sora accepted the video" : "Sora accepted " + list.size() + " videos");
            ObjectNode state = state();
            if (v.remixOf() != null) {
                state.put("remixOf", v.remixOf());
            }
            return new ProviderJob(NAME, list, state);
        });
    }

    private Uni<String> create(java.util.function.Supplier<java.net.http.HttpRequest> request) {
        return call(request, Set.of()).map(reply -> {
            JsonNode video = json(reply);
            String id = video.path("id").asText("");
            if (id.isEmpty()) {
                throw ProviderException.rejected(NAME + " answered the video creation without an id");
            }
            if ("failed".equals(video.path("status").asText())) {
                throw failed(video.path("error"));
            }
            return id;
        });
    }

    /** Creates the variants one after another; when one fails, those already created are deleted. */
    private Uni<List<String>> createAll(int variants, java.util.function.Supplier<java.net.http.HttpRequest> request) {
        List<String> created = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < variants; i++) {
            chain = chain.chain(() -> create(request)).invoke(created::add).replaceWithVoid();
        }
        return chain.map(ignored -> List.copyOf(created)).onFailure().call(failure -> {
            Uni<Void> cleanup = Uni.createFrom().voidItem();
            for (String id : created) {
                cleanup = cleanup.chain(() -> deleteQuietly("/videos/" + encode(id)));
            }
            return cleanup;
        });
    }

    /** The shortest allowed length that holds the asked one (the API takes 4, 8 or 12 seconds, as a string). */
    private static String seconds(VideoParams v) {
        if (!(v.seconds() > 0)) {
            throw ProviderException.invalidInput("seconds must be positive");
        }
        for (int allowed : SECONDS) {
            if (v.seconds() <= allowed + 1e-9) {
                return String.valueOf(allowed);
            }
        }
        throw ProviderException.invalidInput("the Videos API makes videos of " + SECONDS + " seconds; " + v.seconds() + " is too long");
    }

    private String size(VideoParams v) {
        String size;
        if (v.width() > 0) {
            size = v.width() + "x" + v.height();
        } else {
            boolean pro = settings.model().contains("pro") && v.resolutionLines() >= 1080;
            size = switch (v.aspectRatio()) {
                case "16:9" -> pro ? "1792x1024" : "1280x720";
                case "9:16" -> pro ? "1024x1792" : "720x1280";
                default -> throw ProviderException.invalidInput("the Videos API makes 16:9 or 9:16 videos, not " + v.aspectRatio());
            };
        }
        if (!SIZES.contains(size)) {
            throw ProviderException.invalidInput("the Videos API makes videos of " + new java.util.TreeSet<>(SIZES) + ", not " + size);
        }
        return size;
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        try {
            checkJob(job);
        } catch (ProviderException e) {
            return Uni.createFrom().failure(e);
        }
        ProgressSink progress = progress(call);
        List<String> ids = job.jobIds();
        AtomicReferenceArray<Double> shares = new AtomicReferenceArray<>(ids.size());
        List<Uni<JsonNode>> polls = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int index = i;
            polls.add(pollUntil(() -> request("/videos/" + encode(ids.get(index)), null).GET().build(),
                    (video, round) -> outcome(video, index, shares, progress)));
        }
        boolean keep = call.params() != null && call.params().path("keepForRemix").asBoolean(false);
        Uni<ProviderResult> work = Uni.join().all(polls).andFailFast().chain(videos -> fetch(call, ids, videos, keep, progress));
        return ApiHttp.withinDeadline(work, call.deadline(), "Sora's video");
    }

    private JsonNode outcome(JsonNode video, int index, AtomicReferenceArray<Double> shares, ProgressSink progress) {
        String status = video.path("status").asText("");
        if (status.equals("completed")) {
            shares.set(index, 1.0);
            return video;
        }
        if (status.equals("failed")) {
            throw failed(video.path("error"));
        }
        if (status.equals("queued") || status.equals("in_progress")) {
            shares.set(index, Math.max(0, Math.min(100, video.path("progress").asDouble(0))) / 100);
            double sum = 0;
            for (int i = 0; i < shares.length(); i++) {
                sum += shares.get(i) == null ? 0 : shares.get(i);
            }
            int percent = (int) Math.round(100 * sum / shares.length());
            progress.report(0.05 + 0.85 * sum / shares.length(), status.equals("queued") && percent == 0
                    ? "Waiting in Sora's queue" : "Sora is generating the video (" + percent + "%)");
        }
        return null;
    }

    private static ProviderException failed(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText(code.isEmpty() ? "no reason given" : code);
        if (ApiHttp.moderationCode(code)) {
            return ProviderException.moderation("Sora refused the video under its content policy: " + message);
        }
        if (code.contains("internal") || code.contains("server_error")) {
            return ProviderException.unavailable("Sora failed while generating the video: " + message, null, null);
        }
        return ProviderException.rejected("Sora could not generate the video: " + message);
    }

    private Uni<ProviderResult> fetch(ProviderCall call, List<String> ids, List<JsonNode> videos, boolean keep, ProgressSink progress) {
        List<ProviderResult.Output> outputs = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < ids.size(); i++) {
            int index = i;
            chain = chain.chain(() -> {
                progress.report(0.9 + 0.08 * index / ids.size(), "Downloading video " + (index + 1) + " of " + ids.size());
                return download("/videos/" + encode(ids.get(index)) + "/content", "variant=video", call.workDir(),
                        "sora-" + (index + 1) + ".mp4");
            }).invoke(outputs::add).replaceWithVoid();
        }
        if (settings.deleteAfterDownload() && !keep) {
            for (String id : ids) {
                chain = chain.chain(() -> deleteQuietly("/videos/" + encode(id)));
            }
        }
        return chain.map(ignored -> {
            progress.report(1.0, ids.size() == 1 ? "Video ready" : ids.size() + " videos ready");
            ObjectNode result = JsonCodec.mapper().createObjectNode().put("provider", NAME)
                    .put("model", videos.get(0).path("model").asText(settings.model()));
            JsonNode first = videos.get(0);
            if (first.hasNonNull("seconds")) {
                result.put("seconds", first.get("seconds").asText());
            }
            if (first.hasNonNull("size")) {
                result.put("size", first.get("size").asText());
            }
            result.put("variants", ids.size());
            if (keep) {
                ArrayNode kept = result.putArray("providerVideoIds");
                ids.forEach(kept::add);
            }
            return new ProviderResult(outputs, result);
        });
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        if (!configured() || job == null || !API.equals(job.state().path("api").asText())) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : job.jobIds()) {
            chain = chain.chain(() -> deleteQuietly("/videos/" + encode(id)));
        }
        return chain;
    }
}
