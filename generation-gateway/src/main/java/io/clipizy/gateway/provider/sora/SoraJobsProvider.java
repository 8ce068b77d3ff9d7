package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.llm.ApiHttp;
import io.smallrye.mutiny.Uni;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code sora} provider: Azure OpenAI's preview video generation jobs API. {@code POST /video/generations/jobs}
 * (JSON, or multipart with {@code files} and {@code inpaint_items} to start from an image), poll the job, download each
 * generation's {@code content/video} as soon as it succeeds (results expire about a day later), then delete the job.
 * A moderation {@code failure_reason} is {@code moderation}; this API has no remix ({@code openai-videos} has).
 */
public class SoraJobsProvider extends VideoProvider {
    public static final String NAME = "sora";
    static final String API = "azure-sora-jobs";
    static final Set<String> SIZES = Set.of("480x480", "854x480", "480x854", "720x720", "1280x720", "720x1280",
            "1080x1080", "1920x1080", "1080x1920");
    private static final double DEFAULT_SECONDS = 5;

    public SoraJobsProvider(VideoSettings settings, HttpClient http) {
        super(settings, http);
    }

    @Override
    protected String api() {
        return API;
    }

    @Override
    protected String probePath() {
        return "/video/generations/jobs";
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        if (!configured()) {
            return Uni.createFrom().failure(ProviderException.unavailable(NAME + " is not configured", null, null));
        }
        VideoParams v;
        String size;
        try {
            v = VideoParams.from(call.params(), DEFAULT_SECONDS);
            size = validate(v);
        } catch (ProviderException e) {
            return Uni.createFrom().failure(e);
        }
        String[] wh = size.split("x");
        int seconds = (int) Math.round(v.seconds());
        Uni<JsonNode> created;
        if (v.image() == null) {
            ObjectNode body = JsonCodec.mapper().createObjectNode().put("model", settings.model()).put("prompt", v.prompt())
                    .put("width", Integer.parseInt(wh[0])).put("height", Integer.parseInt(wh[1])).put("n_seconds", seconds).put("n_variants", v.variants());
            created = call(() -> postJson("/video/generations/jobs", body).build(), Set.of()).map(this::json);
        } else {
            created = image(call, v.image()).chain(image -> {
                String inpaint = JsonCodec.mapper().createArrayNode().add(JsonCodec.mapper().createObjectNode()
                        .put("frame_index", 0).put("type", "image").put("file_name", image.fileName())
                        .set("crop_bounds", JsonCodec.mapper().createObjectNode().put("left_fraction", 0.0)
                                .put("top_fraction", 0.0).put("right_fraction", 1.0).put("bottom_fraction", 1.0))).toString();
                return call(() -> postMultipart("/video/generations/jobs", new Multipart().field("model", settings.model())
                        .field("prompt", v.prompt()).field("width", wh[0]).field("height", wh[1])
                        .field("n_seconds", String.valueOf(seconds)).field("n_variants", String.valueOf(v.variants()))
                        .field("inpaint_items", inpaint).file("files", image.fileName(), image.contentType(), image.bytes())).build(),
                        Set.of()).map(this::json);
            });
        }
        return created.map(job -> {
            String id = job.path("id").asText("");
            if (id.isEmpty()) {
                throw ProviderException.rejected(NAME + " answered the job creation without a job id");
            }
            progress(call).report(0.02, "Sora accepted the job");
            return new ProviderJob(NAME, List.of(id), state());
        });
    }

    private static String validate(VideoParams v) {
        if (v.remixOf() != null) {
            throw ProviderException.invalidInput("remixing needs the openai-videos provider (the Videos API); the Sora "
                    + "preview jobs API cannot remix");
        }
        if (v.seconds() < 1 || v.seconds() > 20) {
            throw ProviderException.invalidInput("Sora makes videos of 1 to 20 seconds, not " + v.seconds());
        }
        if (v.variants() < 1 || v.variants() > 5) {
            throw ProviderException.invalidInput("n_variants must be 1 to 5");
        }
        String size = v.width() > 0 ? v.width() + "x" + v.height() : fromAspect(v);
        if (!SIZES.contains(size)) {
            throw ProviderException.invalidInput("Sora makes videos of " + new java.util.TreeSet<>(SIZES) + ", not " + size);
        }
        return size;
    }

    private static String fromAspect(VideoParams v) {
        int lines = v.resolutionLines();
        int wide = lines == 480 ? 854 : lines == 1080 ? 1920 : 1280;
        return switch (v.aspectRatio()) {
            case "9:16" -> lines + "x" + wide;
            case "1:1" -> lines + "x" + lines;
            case "16:9" -> wide + "x" + lines;
            default -> throw ProviderException.invalidInput("aspectRatio must be 16:9, 9:16 or 1:1 for Sora");
        };
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        try {
            checkJob(job);
        } catch (ProviderException e) {
            return Uni.createFrom().failure(e);
        }
        String id = job.jobIds().get(0);
        ProgressSink progress = progress(call);
        Uni<ProviderResult> work = pollUntil(() -> request("/video/generations/jobs/" + encode(id), null).GET().build(),
                (status, round) -> outcome(status, round, progress))
                .chain(done -> fetch(call, id, done, progress));
        return ApiHttp.withinDeadline(work, call.deadline(), "Sora's video");
    }

    /** The job when it has succeeded, null while it runs; its typed failure when it failed or was cancelled. */
    private JsonNode outcome(JsonNode job, int round, ProgressSink progress) {
        String status = job.path("status").asText("");
        switch (status) {
            case "succeeded":
                return job;
            case "failed":
                throw failed(job.path("failure_reason").asText(""));
            case "cancelled":
                throw new ProviderException(ErrorCode.CANCELLED, "The Sora job was cancelled at the provider", false, null, null);
            case "preprocessing":
                progress.report(0.05, "Sora is preparing the job");
                return null;
            case "queued":
                progress.report(0.08, "Waiting in Sora's queue");
                return null;
            case "running":
                progress.report(0.1 + 0.7 * (1 - Math.exp(-round / 24.0)), "Sora is generating the video");
                return null;
            case "processing":
                progress.report(0.85, "Sora is finishing the video");
                return null;
            default:
                return null;
        }
    }

    private static ProviderException failed(String reason) {
        if (ApiHttp.moderationCode(reason)) {
            return ProviderException.moderation("Sora refused the video under its content policy (" + reason
                    + "): change the prompt or the image");
        }
        if (reason.equals("internal_error")) {
            return ProviderException.unavailable("Sora failed while generating the video (internal_error)", null, null);
        }
        return ProviderException.rejected("Sora could not generate the video" + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    private Uni<ProviderResult> fetch(ProviderCall call, String id, JsonNode job, ProgressSink progress) {
        long expiresAt = job.path("expires_at").asLong(0);
        if (expiresAt > 0 && Instant.ofEpochSecond(expiresAt).isBefore(Instant.now())) {
            return Uni.createFrom().failure(ProviderException.rejected("Sora's video expired at "
                    + Instant.ofEpochSecond(expiresAt) + " before it could be downloaded"));
        }
        List<JsonNode> generations = new ArrayList<>();
        job.path("generations").forEach(generations::add);
        if (generations.isEmpty()) {
            return Uni.createFrom().failure(ProviderException.rejected("Sora reported success without any generation"));
        }
        List<ProviderResult.Output> outputs = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < generations.size(); i++) {
            int index = i;
            String genId = generations.get(i).path("id").asText("");
            chain = chain.chain(() -> {
                progress.report(0.9 + 0.08 * index / generations.size(), "Downloading video " + (index + 1) + " of " + generations.size());
                return download("/video/generations/" + encode(genId) + "/content/video", null, call.workDir(),
                        "sora-" + (index + 1) + ".mp4");
            }).invoke(outputs::add).replaceWithVoid();
        }
        return chain.chain(() -> settings.deleteAfterDownload() ? deleteQuietly("/video/generations/jobs/" + encode(id))
                        : Uni.createFrom().voidItem())
                .map(ignored -> {
                    progress.report(1.0, generations.size() == 1 ? "Video ready" : generations.size() + " videos ready");
                    return new ProviderResult(outputs, result(job, generations));
                });
    }

    private ObjectNode result(JsonNode job, List<JsonNode> generations) {
        ObjectNode result = JsonCodec.mapper().createObjectNode().put("provider", NAME).put("model", settings.model());
        JsonNode first = generations.get(0);
        result.put("width", first.path("width").asInt()).put("height", first.path("height").asInt())
                .put("seconds", first.path("n_seconds").asDouble());
        result.put("variants", generations.size());
        if (job.hasNonNull("prompt")) {
            result.put("prompt", job.get("prompt").asText());
        }
        return result;
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        if (!configured() || job == null || job.jobIds().isEmpty() || !API.equals(job.state().path("api").asText())) {
            return Uni.createFrom().voidItem();
        }
        return deleteQuietly("/video/generations/jobs/" + encode(job.jobIds().get(0)));
    }
}
