package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.Provider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/v1/videos/analyze}: measures the video with FFmpeg and, when a provider that describes images is
 * configured, also shows it a sheet of frames sampled across the video and asks for a summary, the products seen,
 * tags and feedback. Without such a provider the answer is the measured analysis alone, labelled
 * {@code "method": "measured"}: nothing in it is guessed.
 */
@ApplicationScoped
public class VideoAnalysisService {
    static final String VISION_QUESTION = "These %d frames were sampled at even intervals from one video, left to right "
            + "and top to bottom. Answer with one JSON object and nothing else: {\"summary\": a short paragraph on "
            + "what the video shows and how it is filmed, \"products\": [products, brands or logos visible, empty when "
            + "none], \"tags\": [5 to 10 short lowercase tags], \"feedback\": [concrete suggestions to make it a better "
            + "social video or ad]}.";

    @Inject
    LocalEngine engine;

    @Inject
    MediaWorkers workers;

    @Inject
    DirectProviders direct;

    @Inject
    JobsConfig config;

    /** Analyses a video file the caller's request brought (downloaded or uploaded); the file is left in place. */
    public Uni<JsonNode> analyze(String ownerId, Path video, Path workDir) {
        VideoAnalyzer analyzer = new VideoAnalyzer(engine.ffmpeg(), config.analysis().sceneThreshold());
        Uni<MeasuredAnalysis> measured = workers.run(() -> analyzer.analyze(video, Cancellation.create()));
        Optional<Provider> vision = direct.find(TaskKind.IMAGE_DESCRIPTION);
        if (vision.isEmpty()) {
            return measured.map(VideoAnalysisService::measuredOnly);
        }
        Provider provider = vision.get();
        return measured.chain(m -> workers.run(() -> contactSheet(video, workDir, m))
                .chain(sheet -> {
                    UUID sheetId = UUID.randomUUID();
                    ObjectNode params = JsonCodec.mapper().createObjectNode()
                            .put("image", sheetId.toString())
                            .put("question", String.format(Locale.ROOT, VISION_QUESTION, config.analysis().frames()))
                            .put("json", true);
                    Map<UUID, InputMedia.LocalMedia> files = Map.of(sheetId, new InputMedia.LocalMedia(sheetId, sheet,
                            MediaKind.IMAGE, "image/jpeg", size(sheet)));
                    return direct.call(provider, TaskKind.IMAGE_DESCRIPTION, ownerId, params, files, workDir,
                            config.analysis().llmTimeout());
                })
                .map(answer -> withVision(provider.name(), answer, m)));
    }

    static JsonNode measuredOnly(MeasuredAnalysis m) {
        ObjectNode out = JsonCodec.mapper().valueToTree(m);
        out.put("note", "Measured from the video's pixels with FFmpeg; no AI model looked at it. Configure a vision "
                + "model (clipizy.providers.ollama.url or clipizy.providers.openai-chat.*) for a summary, products, "
                + "tags and feedback.");
        return out;
    }

    /** The vision answer, parsed leniently (a model may wrap its JSON in prose or a code fence), with the measurements. */
    static JsonNode withVision(String provider, JsonNode answer, MeasuredAnalysis measured) {
        String text = answer == null ? "" : answer.path("text").asText("");
        JsonNode parsed = answer != null && answer.path("json").isObject() ? answer.path("json") : parseObject(text);
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.put("method", "vision");
        out.put("provider", answer != null && answer.hasNonNull("provider") ? answer.get("provider").asText() : provider);
        if (answer != null && answer.hasNonNull("model")) {
            out.put("model", answer.get("model").asText());
        }
        if (parsed != null) {
            out.put("summary", parsed.path("summary").asText(""));
            out.set("products", strings(parsed.path("products")));
            out.set("tags", strings(parsed.path("tags")));
            out.set("feedback", strings(parsed.path("feedback")));
        } else {
            out.put("summary", text.strip());
            out.set("products", JsonCodec.mapper().createArrayNode());
            out.set("tags", JsonCodec.mapper().createArrayNode());
            out.set("feedback", JsonCodec.mapper().createArrayNode());
        }
        out.set("measured", JsonCodec.mapper().valueToTree(measured));
        return out;
    }

    private static ArrayNode strings(JsonNode node) {
        ArrayNode out = JsonCodec.mapper().createArrayNode();
        if (node.isArray()) {
            node.forEach(item -> {
                String value = item.isTextual() ? item.asText() : item.toString();
                if (!value.isBlank()) {
                    out.add(value.strip());
                }
            });
        } else if (node.isTextual() && !node.asText().isBlank()) {
            out.add(node.asText().strip());
        }
        return out;
    }

    static JsonNode parseObject(String text) {
        String cleaned = text.replaceAll("(?s)<think>.*?</think>", "");
        int start = cleaned.indexOf('{');
        int end = cleaned.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return null;
        }
        try {
            JsonNode node = JsonCodec.mapper().readTree(cleaned.substring(start, end + 1));
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One JPEG of {@code frames} frames sampled evenly across the video, tiled in a grid. */
    private Path contactSheet(Path video, Path workDir, MeasuredAnalysis measured) {
        int frames = Math.max(1, config.analysis().frames());
        int columns = (int) Math.ceil(Math.sqrt(frames));
        int rows = (int) Math.ceil(frames / (double) columns);
        double duration = Math.max(0.1, measured.durationSeconds());
        Path sheet = workDir.resolve("frames.jpg");
        String filter = String.format(Locale.ROOT, "fps=%s,scale=480:-2,tile=%dx%d",
                Double.toString(frames / duration), columns, rows);
        engine.ffmpeg().run(List.of("-i", video.toString(), "-an", "-vf", filter, "-frames:v", "1", "-q:v", "3",
                sheet.toString()), 0, Cancellation.create(), ProgressListener.NONE);
        if (!Files.isRegularFile(sheet)) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "FFmpeg made no frame sheet of the video");
        }
        return sheet;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
