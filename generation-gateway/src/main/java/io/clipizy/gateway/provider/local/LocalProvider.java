package io.clipizy.gateway.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.LocalJob;
import io.clipizy.gateway.local.OperationCancelledException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.procedural.ImageGenerator;
import io.clipizy.gateway.local.procedural.ImageRequest;
import io.clipizy.gateway.local.procedural.LoopRequest;
import io.clipizy.gateway.local.procedural.LoopVideoGenerator;
import io.clipizy.gateway.local.procedural.MusicGenerator;
import io.clipizy.gateway.local.procedural.MusicRequest;
import io.clipizy.gateway.local.render.AssetResolver;
import io.clipizy.gateway.local.render.TimelineRenderer;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The built-in {@code local} provider: the {@link LocalEngine} behind the provider SPI, so the product works on one
 * machine with no GPU and no account. Audio analysis, timeline rendering, and the procedural (not neural) image, loop
 * and music generators; text kinds are not faked here. Jobs run inside {@link #follow} (inline): after a restart they
 * are started again. Cancelling the follow (or {@link #cancel}) stops the engine's work at once.
 */
@ApplicationScoped
public class LocalProvider implements Provider {
    public static final String NAME = "local";
    private static final Set<TaskKind> KINDS = EnumSet.of(TaskKind.AUDIO_ANALYSIS, TaskKind.VIDEO_COMPOSITION,
            TaskKind.IMAGE_GENERATION, TaskKind.VIDEO_GENERATION, TaskKind.MUSIC_GENERATION);
    private static final int MAX_IMAGES = 8;

    private final LocalEngine engine;
    private final Map<UUID, LocalJob<?>> running = new ConcurrentHashMap<>();

    @Inject
    public LocalProvider(LocalEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<TaskKind> kinds() {
        return KINDS;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Uni<ProviderHealth> probe() {
        return Uni.createFrom().item(() -> {
            long started = System.nanoTime();
            Path ffmpeg = engine.ffmpeg().ffmpegPath();
            boolean found = Files.isExecutable(ffmpeg) || !ffmpeg.isAbsolute();
            long latency = (System.nanoTime() - started) / 1_000_000;
            return new ProviderHealth(NAME, true, found, latency,
                    found ? null : "FFmpeg was not found at " + ffmpeg + " (set clipizy.ffmpeg.path)", Instant.now());
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        return Uni.createFrom().item(ProviderJob.inline(NAME));
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        JsonNode params = call.params() == null ? JsonCodec.mapper().createObjectNode() : call.params();
        return Uni.createFrom().deferred(() -> {
            switch (call.kind()) {
                case AUDIO_ANALYSIS:
                    return analyse(call, params);
                case VIDEO_COMPOSITION:
                    return compose(call, params);
                case IMAGE_GENERATION:
                    return images(call, params);
                case VIDEO_GENERATION:
                    return loop(call, params);
                case MUSIC_GENERATION:
                    return music(call, params);
                default:
                    return Uni.createFrom().failure(ProviderException.invalidInput("The local engine does not run "
                            + call.kind().wire() + " tasks"));
            }
        }).onFailure(LocalEngineException.class).transform(LocalProvider::typed);
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        LocalJob<?> work = running.remove(call.taskId());
        if (work != null) {
            work.cancel();
        }
        return Uni.createFrom().voidItem();
    }

    // ------------------------------------------------------------------ audio_analysis

    private Uni<ProviderResult> analyse(ProviderCall call, JsonNode params) {
        UUID audio = mediaId(params, "audio", true);
        call.progress().report(0, "Fetching the audio");
        return call.inputs().fetch(audio).chain(media -> run(call, (cancellation, progress) ->
                        engine.analyzeAudio(media.file(), cancellation, progress), "Analysing the audio"))
                .map(analysis -> new ProviderResult(List.of(), JsonCodec.tree(analysis)));
    }

    // ------------------------------------------------------------------ video_composition

    private Uni<ProviderResult> compose(ProviderCall call, JsonNode params) {
        JsonNode json = params.get("timeline");
        if (json == null || !json.isObject()) {
            throw ProviderException.invalidInput("timeline is required: the timeline to render, as a JSON object");
        }
        ObjectNode timelineJson = ((ObjectNode) json).deepCopy();
        copyText(params, "resolution", timelineJson, "resolution");
        copyText(params, "aspectRatio", timelineJson, "aspect");
        copyText(params, "aspect", timelineJson, "aspect");
        if (params.hasNonNull("fps")) {
            timelineJson.set("fps", params.get("fps"));
        }
        Timeline timeline = TimelineRenderer.parse(timelineJson);
        Set<String> assets = new LinkedHashSet<>();
        for (Timeline.Clip clip : timeline.clips()) {
            if (clip.source().kind() != Timeline.SourceKind.COLOR) {
                assets.add(clip.source().asset());
            }
        }
        if (timeline.audio() != null) {
            assets.add(timeline.audio().asset());
        }
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (String asset : assets) {
            ids.put(asset, parseId(asset, "the timeline's asset"));
        }
        call.progress().report(0, "Fetching " + ids.size() + " media");
        return fetchAll(call.inputs(), ids).chain(files -> {
            Path output = call.workDir().resolve("video.mp4");
            return run(call, (cancellation, progress) -> renderer().render(timeline, AssetResolver.of(files), output,
                    cancellation, progress), "Rendering the video")
                    .map(rendered -> {
                        ObjectNode result = JsonCodec.mapper().createObjectNode()
                                .put("width", rendered.width()).put("height", rendered.height())
                                .put("durationSeconds", rendered.durationSeconds()).put("frames", rendered.frames())
                                .put("fps", timeline.fps()).put("resolution", timeline.resolution().wire())
                                .put("aspect", timeline.aspect().wire());
                        return new ProviderResult(List.of(new ProviderResult.Output(rendered.file(), MediaKind.VIDEO,
                                "video/mp4", "video.mp4")), result);
                    });
        });
    }

    private TimelineRenderer renderer() {
        return new TimelineRenderer(engine.ffmpeg(), engine.config().workDir(), engine.config().preset(),
                engine.config().crf());
    }

    private static Uni<Map<String, Path>> fetchAll(InputMedia inputs, Map<String, UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<InputMedia.LocalMedia>> fetches = new ArrayList<>();
        ids.values().forEach(id -> fetches.add(inputs.fetch(id)));
        return Uni.join().all(fetches).andFailFast().map(list -> {
            Map<String, Path> files = new LinkedHashMap<>();
            int i = 0;
            for (String asset : ids.keySet()) {
                files.put(asset, list.get(i++).file());
            }
            return files;
        });
    }

    // ------------------------------------------------------------------ image_generation

    private Uni<ProviderResult> images(ProviderCall call, JsonNode params) {
        int count = intParam(params, "n", 1);
        if (count < 1 || count > MAX_IMAGES) {
            throw ProviderException.invalidInput("n must be between 1 and " + MAX_IMAGES + " (got " + count + ")");
        }
        int[] size = size(params, Timeline.Resolution.P1080);
        ImageRequest.Style style = ImageRequest.Style.fromString(text(params, "style"));
        long seed = params.hasNonNull("seed") ? params.get("seed").asLong() : call.taskId().getMostSignificantBits();
        List<String> palette = palette(params);
        UUID referenceId = mediaId(params, "reference", false);
        Uni<Path> reference = referenceId == null ? Uni.createFrom().nullItem()
                : call.inputs().fetch(referenceId).map(InputMedia.LocalMedia::file);
        String prompt = text(params, "prompt");
        return reference.chain(ref -> run(call, (cancellation, progress) -> {
            List<ProviderResult.Output> outputs = new ArrayList<>();
            ArrayNode seeds = JsonCodec.mapper().createArrayNode();
            for (int i = 0; i < count; i++) {
                cancellation.check();
                progress.progress(i / (double) count, "Drawing image " + (i + 1) + " of " + count);
                Path file = call.workDir().resolve("image-" + (i + 1) + ".png");
                generateImage(new ImageRequest(prompt, style, size[0], size[1], seed + i, palette, ref), file,
                        cancellation);
                outputs.add(new ProviderResult.Output(file, MediaKind.IMAGE, "image/png", "image-" + (i + 1) + ".png"));
                seeds.add(seed + i);
            }
            ObjectNode result = JsonCodec.mapper().createObjectNode().put("width", size[0]).put("height", size[1])
                    .put("style", style.name().toLowerCase(Locale.ROOT))
                    .put("generator", "procedural (local engine, not a neural model)");
            result.set("seeds", seeds);
            return new ProviderResult(outputs, result);
        }, "Drawing"));
    }

    private static Path generateImage(ImageRequest request, Path output, Cancellation cancellation) {
        return new ImageGenerator().generate(request, output, cancellation);
    }

    // ------------------------------------------------------------------ video_generation

    private Uni<ProviderResult> loop(ProviderCall call, JsonNode params) {
        UUID imageId = mediaId(params, "image", false);
        String prompt = text(params, "prompt");
        if (imageId == null && (prompt == null || prompt.isBlank())) {
            throw ProviderException.invalidInput("image or prompt is required: the picture to set in motion, or a "
                    + "description to draw it from");
        }
        Timeline.Resolution resolution = resolution(params, Timeline.Resolution.P720);
        Timeline.Aspect aspect = aspect(params);
        // an explicit width x height (the video jobs API's) wins over the resolution and aspect
        boolean explicit = params.hasNonNull("width") || params.hasNonNull("height");
        int[] size = size(params, Timeline.Resolution.P720);
        int width = explicit ? size[0] : 0;
        int height = explicit ? size[1] : 0;
        double seconds = params.hasNonNull("seconds") ? params.get("seconds").asDouble() : 4;
        int fps = intParam(params, "fps", 24);
        double intensity = params.hasNonNull("intensity") ? params.get("intensity").asDouble() : 0.5;
        LoopRequest.Motion motion = motion(text(params, "motion"));
        long seed = params.hasNonNull("seed") ? params.get("seed").asLong() : call.taskId().getMostSignificantBits();
        ImageRequest.Style style = ImageRequest.Style.fromString(text(params, "style"));
        Uni<Path> image = imageId != null ? call.inputs().fetch(imageId).map(InputMedia.LocalMedia::file)
                : Uni.createFrom().nullItem();
        Path output = call.workDir().resolve("clip.mp4");
        return image.chain(still -> run(call, (cancellation, progress) -> {
            Path picture = still;
            ProgressListener rendering = progress;
            if (picture == null) {
                progress.progress(0, "Drawing the picture to animate");
                picture = generateImage(new ImageRequest(prompt, style, explicit ? width : aspect.width(resolution),
                        explicit ? height : aspect.height(resolution), seed, List.of(), null),
                        call.workDir().resolve("still.png"), cancellation);
                rendering = progress.part(0.2, 1);
            }
            LoopRequest request = new LoopRequest(picture, motion, seconds, resolution, aspect, fps, intensity,
                    width, height);
            generateLoop(request, output, cancellation, rendering);
            ObjectNode result = JsonCodec.mapper().createObjectNode().put("seconds", seconds).put("fps", fps)
                    .put("width", request.frameWidth()).put("height", request.frameHeight())
                    .put("motion", motion.name().toLowerCase(Locale.ROOT)).put("loop", true)
                    .put("generator", "procedural (local engine, not a neural model)");
            return new ProviderResult(List.of(new ProviderResult.Output(output, MediaKind.VIDEO, "video/mp4",
                    "clip.mp4")), result);
        }, "Animating"));
    }

    private Path generateLoop(LoopRequest request, Path output, Cancellation cancellation, ProgressListener progress) {
        return new LoopVideoGenerator(engine.ffmpeg(), engine.config().preset(), engine.config().crf())
                .generate(request, output, cancellation, progress);
    }

    /** The catalogue's motion names ({@code zoom-in}, {@code zoom-out}, {@code colour-cycle}...) as loop motions. */
    static LoopRequest.Motion motion(String name) {
        if (name == null || name.isBlank()) {
            return LoopRequest.Motion.ZOOM;
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.startsWith("zoom")) {
            return LoopRequest.Motion.ZOOM;
        }
        if (key.startsWith("pan")) {
            return LoopRequest.Motion.PAN;
        }
        return LoopRequest.Motion.fromString(key);
    }

    // ------------------------------------------------------------------ music_generation

    private Uni<ProviderResult> music(ProviderCall call, JsonNode params) {
        double seconds = params.hasNonNull("seconds") ? params.get("seconds").asDouble() : 60;
        Integer bpm = params.hasNonNull("tempo") ? Integer.valueOf(params.get("tempo").asInt())
                : params.hasNonNull("bpm") ? Integer.valueOf(params.get("bpm").asInt()) : null;
        String format = text(params, "format");
        MusicRequest.Format container = format == null || format.equalsIgnoreCase("mp3") ? MusicRequest.Format.MP3
                : format.equalsIgnoreCase("wav") ? MusicRequest.Format.WAV : null;
        if (container == null) {
            throw ProviderException.invalidInput("format must be mp3 or wav (got '" + format + "')");
        }
        long seed = params.hasNonNull("seed") ? params.get("seed").asLong() : call.taskId().getMostSignificantBits();
        MusicRequest request = new MusicRequest(text(params, "description"), MusicRequest.Mood.fromString(
                text(params, "mood")), bpm, text(params, "key"), seconds, seed, container);
        boolean mp3 = container == MusicRequest.Format.MP3;
        Path output = call.workDir().resolve(mp3 ? "track.mp3" : "track.wav");
        boolean lyrics = params.hasNonNull("lyrics") && !params.get("lyrics").asText().isBlank();
        return run(call, (cancellation, progress) -> {
            MusicGenerator.Generated track = generateMusic(request, output, cancellation, progress);
            ObjectNode result = JsonCodec.mapper().createObjectNode().put("seconds", track.seconds())
                    .put("bpm", track.bpm()).put("key", track.key())
                    .put("mood", track.mood().name().toLowerCase(Locale.ROOT)).put("instrumental", true)
                    .put("generator", "procedural (local engine, not a neural model)");
            if (lyrics) {
                result.put("note", "The local engine composes instrumentals; the lyrics were not sung");
            }
            ArrayNode sections = result.putArray("sections");
            track.sections().forEach(s -> sections.addObject().put("name", s.name()).put("start", s.start())
                    .put("end", s.end()));
            return new ProviderResult(List.of(new ProviderResult.Output(track.file(), MediaKind.AUDIO,
                    mp3 ? "audio/mpeg" : "audio/wav", output.getFileName().toString())), result);
        }, "Composing");
    }

    private MusicGenerator.Generated generateMusic(MusicRequest request, Path output, Cancellation cancellation,
                                                   ProgressListener progress) {
        return new MusicGenerator(engine.ffmpeg()).generate(request, output, cancellation, progress);
    }

    // ------------------------------------------------------------------ running on the engine

    /** Work on the engine's pool, given the task's cancel switch and a progress listener. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Cancellation cancellation, ProgressListener progress);
    }

    /**
     * Runs the work on the engine's bounded pool, forwarding progress; cancelling the returned {@code Uni} (or
     * {@link #cancel}) cancels the work.
     */
    private <T> Uni<T> run(ProviderCall call, Work<T> work, String what) {
        return Uni.createFrom().deferred(() -> {
            ProgressListener progress = (fraction, message) -> call.progress().report(fraction,
                    message == null || message.isBlank() ? what : capitalised(message));
            Function<Cancellation, T> body = cancellation -> work.run(cancellation, progress);
            LocalJob<T> job = engine.submit(body);
            running.put(call.taskId(), job);
            return Uni.createFrom().completionStage(job.result())
                    .onTermination().invoke(() -> running.remove(call.taskId(), job))
                    .onCancellation().invoke(job::cancel);
        });
    }

    private static String capitalised(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    private static Throwable typed(Throwable failure) {
        LocalEngineException e = (LocalEngineException) failure;
        if (e instanceof OperationCancelledException) {
            return new ProviderException(ErrorCode.CANCELLED, e.getMessage(), false, null, e);
        }
        return new ProviderException(e.code(), e.getMessage(), e.code() == ErrorCode.PROVIDER_UNAVAILABLE, null, e);
    }

    // ------------------------------------------------------------------ parameters

    private static String text(JsonNode params, String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int intParam(JsonNode params, String name, int fallback) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() && !value.isTextual()) {
            throw ProviderException.invalidInput(name + " must be a whole number");
        }
        try {
            return value.isTextual() ? Integer.parseInt(value.asText().trim()) : value.asInt();
        } catch (NumberFormatException e) {
            throw ProviderException.invalidInput(name + " must be a whole number (got '" + value.asText() + "')");
        }
    }

    private static void copyText(JsonNode params, String from, ObjectNode target, String to) {
        if (params.hasNonNull(from)) {
            target.put(to, params.get(from).asText());
        }
    }

    private static UUID mediaId(JsonNode params, String name, boolean required) {
        String value = text(params, name);
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProviderException.invalidInput(name + " is required: the media id of the input");
            }
            return null;
        }
        return parseId(value, name);
    }

    private static UUID parseId(String value, String what) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProviderException.invalidInput(what + " '" + value + "' is not a media id");
        }
    }

    private static Timeline.Resolution resolution(JsonNode params, Timeline.Resolution fallback) {
        String value = text(params, "resolution");
        try {
            return value == null ? fallback : Timeline.Resolution.fromWire(value.trim().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ProviderException.invalidInput("resolution must be 720p, 1080p or 2160p (got '" + value + "')");
        }
    }

    private static Timeline.Aspect aspect(JsonNode params) {
        String value = text(params, "aspectRatio");
        if (value == null) {
            value = text(params, "aspect");
        }
        try {
            return value == null ? Timeline.Aspect.LANDSCAPE : Timeline.Aspect.fromWire(value.trim());
        } catch (RuntimeException e) {
            throw ProviderException.invalidInput("aspectRatio must be 16:9, 9:16 or 1:1 (got '" + value + "')");
        }
    }

    /** Explicit width and height, else the aspect at the resolution. */
    private static int[] size(JsonNode params, Timeline.Resolution fallback) {
        if (params.hasNonNull("width") || params.hasNonNull("height")) {
            if (!params.hasNonNull("width") || !params.hasNonNull("height")) {
                throw ProviderException.invalidInput("width and height go together: give both, or neither");
            }
            return new int[] {intParam(params, "width", 0), intParam(params, "height", 0)};
        }
        Timeline.Aspect aspect = aspect(params);
        Timeline.Resolution resolution = resolution(params, fallback);
        return new int[] {aspect.width(resolution), aspect.height(resolution)};
    }

    private static List<String> palette(JsonNode params) {
        JsonNode value = params.get("palette");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ProviderException.invalidInput("palette must be a list of colours like #1a2b3c");
        }
        List<String> colours = new ArrayList<>();
        value.forEach(c -> colours.add(c.asText()));
        return colours;
    }
}
