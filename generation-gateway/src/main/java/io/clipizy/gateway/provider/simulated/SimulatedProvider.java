package io.clipizy.gateway.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The {@code simulated} provider: <b>for load tests only</b> (PERFORMANCE.md P9). It stands for a remote generative
 * API — jobs submitted, followed and re-attached after a restart like RunPod's or Sora's — with a log-normal latency
 * (median and 99th percentile configured), a configured share of failures (transient {@code provider_unavailable} or
 * final {@code provider_rejected}, at submission or part-way through), progress reports, and small real outputs
 * ({@link SimulatedMedia}) that the executor stores through media-service like any other provider's. Its waits are
 * timers, not threads, so thousands of jobs can be in flight on a small machine.
 *
 * <p>Off unless {@code clipizy.providers.simulated.enabled=true}, and then used only for the kinds routed to it
 * ({@code clipizy.routing.<kind>=simulated}); the local launcher's {@code --simulate-providers} sets both.
 */
@ApplicationScoped
public class SimulatedProvider implements Provider {
    public static final String NAME = "simulated";
    private static final Logger LOG = Logger.getLogger(SimulatedProvider.class);

    private final SimulatedSettings settings;
    private final SimulatedMedia media;
    private final Supplier<RandomGenerator> random;

    @Inject
    public SimulatedProvider(SimulatedConfig config, LocalEngine engine) {
        this(SimulatedSettings.of(config), engine.ffmpeg(), engine.config().workDir().resolve("simulated"),
                ThreadLocalRandom::current);
        if (settings.enabled()) {
            LOG.warnf("The SIMULATED provider is enabled (load testing only): %s, latency median %s, p99 %s, "
                    + "%.1f %% faults", settings.kinds(), settings.latencyMedian(), settings.latencyP99(),
                    settings.faultRate() * 100);
        }
    }

    /** For tests: the settings, the FFmpeg that encodes the clip once, where it is kept, and the randomness. */
    public SimulatedProvider(SimulatedSettings settings, Ffmpeg ffmpeg, Path cache, Supplier<RandomGenerator> random) {
        this.settings = settings;
        this.media = new SimulatedMedia(ffmpeg, cache);
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<TaskKind> kinds() {
        return settings.kinds();
    }

    @Override
    public boolean configured() {
        return settings.enabled();
    }

    @Override
    public Uni<ProviderHealth> probe() {
        return Uni.createFrom().item(settings.enabled() ? new ProviderHealth(NAME, true, true, 0L, null, Instant.now())
                : ProviderHealth.notConfigured(NAME));
    }

    /**
     * Draws the job: its latency and whether (and when) it fails. A fault at submission (a quarter of them, as a 503 on
     * the submit call would be) fails here; the others fail part-way through {@link #follow}.
     */
    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        return Uni.createFrom().item(() -> {
            if (!settings.enabled()) {
                throw ProviderException.rejected("The simulated provider is not enabled");
            }
            RandomGenerator r = random.get();
            long latencyMs = Math.max(1, Math.round(settings.latencyMedian().toMillis()
                    * Math.exp(settings.sigma() * r.nextGaussian())));
            String fault = "none";
            double failAt = 1;
            if (r.nextDouble() < settings.faultRate()) {
                fault = r.nextDouble() < settings.retryableFaults() ? "unavailable" : "rejected";
                failAt = r.nextDouble() < 0.25 ? 0 : 0.2 + 0.7 * r.nextDouble();
            }
            if (failAt == 0) {
                throw fault(fault, "at submission");
            }
            ObjectNode state = JsonCodec.mapper().createObjectNode().put("startedAt", System.currentTimeMillis())
                    .put("latencyMs", latencyMs).put("fault", fault).put("failAt", failAt);
            return new ProviderJob(NAME, List.of("sim-" + UUID.randomUUID()), state);
        });
    }

    /**
     * Waits out the job's latency from its start (so a re-attach after a restart waits only what is left), reporting
     * progress, then fails as drawn or makes the outputs. A job that would end past the task's deadline times out at
     * the deadline.
     */
    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        long startedAt = job.state().path("startedAt").asLong(System.currentTimeMillis());
        long latencyMs = job.state().path("latencyMs").asLong(settings.latencyMedian().toMillis());
        String fault = job.state().path("fault").asText("none");
        double failAt = job.state().path("failAt").asDouble(1);
        long end = startedAt + latencyMs;
        long deadline = call.deadline() == null ? Long.MAX_VALUE : call.deadline().toEpochMilli();
        if (end > deadline) {
            return sleepUntil(deadline).map(x -> {
                throw ProviderException.timeout("The simulated job (" + latencyMs + " ms) outlived the task's deadline");
            });
        }
        boolean fails = !"none".equals(fault);
        int steps = settings.progressSteps();
        Uni<Void> waited = Uni.createFrom().voidItem();
        for (int i = 1; i <= steps; i++) {
            double fraction = (double) i / steps;
            if (fails && fraction >= failAt) {
                long at = startedAt + Math.round(latencyMs * failAt);
                return waited.chain(() -> sleepUntil(at)).map(x -> {
                    throw fault(fault, "part-way through");
                });
            }
            long at = startedAt + Math.round(latencyMs * fraction);
            waited = waited.chain(() -> sleepUntil(at)).invoke(() -> call.progress().report(fraction * 0.95,
                    "Simulated " + call.kind().wire() + " (" + Math.round(fraction * 100) + " %)"));
        }
        return waited.chain(() -> fetchInputs(call)).chain(() -> Uni.createFrom().item(() -> outputs(call, latencyMs))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        // nothing runs anywhere: cancelling the follow stops its timers
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        return wait <= 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait));
    }

    private static ProviderException fault(String fault, String when) {
        return "rejected".equals(fault)
                ? ProviderException.rejected("Simulated fault " + when + ": the provider rejected the job")
                : ProviderException.unavailable("Simulated fault " + when + ": the provider is unavailable (503)", null,
                        null);
    }

    /** The input media a real provider would upload: the image or reference, an audio, a timeline's assets. */
    private Uni<Void> fetchInputs(ProviderCall call) {
        if (!settings.fetchInputs() || call.params() == null) {
            return Uni.createFrom().voidItem();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String name : List.of("image", "reference", "audio")) {
            id(call.params().get(name)).ifPresent(ids::add);
        }
        JsonNode timeline = call.params().get("timeline");
        if (timeline != null) {
            for (JsonNode asset : timeline.findValues("asset")) {
                id(asset).ifPresent(ids::add);
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<InputMedia.LocalMedia>> fetches = new ArrayList<>();
        ids.forEach(id -> fetches.add(call.inputs().fetch(id)));
        return Uni.join().all(fetches).andFailFast().replaceWithVoid();
    }

    private static java.util.Optional<UUID> id(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(UUID.fromString(value.asText().trim()));
        } catch (IllegalArgumentException notAnId) {
            throw ProviderException.invalidInput("'" + value.asText() + "' is not a media id");
        }
    }

    private ProviderResult outputs(ProviderCall call, long latencyMs) {
        JsonNode params = call.params() == null ? JsonCodec.mapper().createObjectNode() : call.params();
        String aspect = params.path("aspectRatio").asText(params.path("aspect").asText(null));
        int[] size = SimulatedMedia.size(aspect);
        ObjectNode result = JsonCodec.mapper().createObjectNode().put("generator", "simulated (load testing)")
                .put("latencyMs", latencyMs);
        Path dir = call.workDir();
        ProviderResult.Output output = switch (call.kind()) {
            case IMAGE_GENERATION -> {
                result.put("width", size[0]).put("height", size[1]);
                yield new ProviderResult.Output(SimulatedMedia.png(dir.resolve("image-1.png"), size[0], size[1],
                        call.taskId().getLeastSignificantBits()), MediaKind.IMAGE, "image/png", "image-1.png");
            }
            case VIDEO_GENERATION, VIDEO_COMPOSITION -> {
                String name = call.kind() == TaskKind.VIDEO_GENERATION ? "clip.mp4" : "video.mp4";
                result.put("width", size[0]).put("height", size[1]).put("durationSeconds", SimulatedMedia.CLIP_SECONDS)
                        .put("fps", SimulatedMedia.CLIP_FPS);
                yield new ProviderResult.Output(media.mp4(dir.resolve(name), size[0], size[1]), MediaKind.VIDEO,
                        "video/mp4", name);
            }
            case MUSIC_GENERATION -> {
                double seconds = Math.min(30, params.path("seconds").asDouble(10));
                result.put("seconds", seconds);
                yield new ProviderResult.Output(SimulatedMedia.wav(dir.resolve("track.wav"), seconds), MediaKind.AUDIO,
                        "audio/wav", "track.wav");
            }
            default -> throw ProviderException.invalidInput("The simulated provider does not run " + call.kind().wire()
                    + " tasks");
        };
        call.progress().report(1, "Simulated " + call.kind().wire() + " done");
        return new ProviderResult(List.of(output), result);
    }
}
