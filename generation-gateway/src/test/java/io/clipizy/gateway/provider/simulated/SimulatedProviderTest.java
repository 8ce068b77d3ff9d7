package io.clipizy.gateway.provider.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-testing provider on its own: latency and fault draws, real outputs, re-attach, deadlines, settings. */
class SimulatedProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<UUID> fetched = new CopyOnWriteArrayList<>();
    private final List<Double> progress = new CopyOnWriteArrayList<>();

    private SimulatedProvider provider(SimulatedSettings settings, long seed) {
        Ffmpeg ffmpeg = new Ffmpeg(EngineFixture.tools().ffmpeg(), EngineFixture.tools().ffprobe());
        SplittableRandom random = new SplittableRandom(seed);
        return new SimulatedProvider(settings, ffmpeg, dir.resolve("cache"), () -> random);
    }

    private static SimulatedSettings settings(Duration median, Duration p99, double faults, double retryable) {
        return SimulatedSettings.of(List.copyOf(SimulatedSettings.SUPPORTED), median, p99, faults, retryable);
    }

    private ProviderCall call(TaskKind kind, ObjectNode params, Instant deadline) throws Exception {
        Path work = Files.createDirectories(dir.resolve(UUID.randomUUID().toString()));
        InputMedia inputs = id -> {
            fetched.add(id);
            return Uni.createFrom().item(new InputMedia.LocalMedia(id, work.resolve(id.toString()), MediaKind.IMAGE,
                    "image/png", 1));
        };
        return new ProviderCall(UUID.randomUUID(), "owner", null, kind, params, deadline, work, inputs,
                (fraction, message) -> progress.add(fraction));
    }

    private ProviderCall call(TaskKind kind, ObjectNode params) throws Exception {
        return call(kind, params, Instant.now().plusSeconds(60));
    }

    private static ObjectNode params() {
        return JsonCodec.mapper().createObjectNode();
    }

    @Test
    void latenciesAreLogNormalAroundTheConfiguredMedianAndP99AndFaultsComeAtTheConfiguredRate() throws Exception {
        SimulatedProvider provider = provider(settings(Duration.ofMillis(1000), Duration.ofMillis(4000), 0.05, 0.8), 7);
        List<Long> latencies = new ArrayList<>();
        int faults = 0;
        int retryable = 0;
        int n = 4000;
        ProviderCall call = call(TaskKind.IMAGE_GENERATION, params());
        for (int i = 0; i < n; i++) {
            try {
                ProviderJob job = provider.start(call).await().atMost(WAIT);
                latencies.add(job.state().get("latencyMs").asLong());
                String fault = job.state().get("fault").asText();
                if (!fault.equals("none")) {
                    faults++;
                    retryable += fault.equals("unavailable") ? 1 : 0;
                    double at = job.state().get("failAt").asDouble();
                    assertTrue(at >= 0.2 && at <= 0.9, "a fault part-way through: " + at);
                }
                assertEquals(1, job.jobIds().size(), "a job id to re-attach to");
            } catch (ProviderException atSubmission) {
                faults++;
                retryable += atSubmission.retryable() ? 1 : 0;
            }
        }
        Collections.sort(latencies);
        long median = latencies.get(latencies.size() / 2);
        long p99 = latencies.get((int) (latencies.size() * 0.99));
        assertEquals(1000, median, 80, "median");
        assertEquals(4000, p99, 600, "p99");
        assertEquals(0.05, faults / (double) n, 0.012, "fault rate");
        assertEquals(0.8, retryable / (double) faults, 0.1, "transient share of faults");
    }

    @Test
    void anImageJobTakesItsLatencyReportsProgressAndMakesARealPng() throws Exception {
        SimulatedProvider provider = provider(settings(Duration.ofMillis(300), Duration.ofMillis(300), 0, 0), 1);
        ProviderCall call = call(TaskKind.IMAGE_GENERATION, params().put("prompt", "a sunset").put("aspectRatio", "9:16"));
        long started = System.nanoTime();
        ProviderJob job = provider.start(call).await().atMost(WAIT);
        ProviderResult result = provider.follow(call, job).await().atMost(WAIT);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 290, "waited the latency: " + tookMs + " ms");
        assertEquals(1, result.outputs().size());
        ProviderResult.Output png = result.outputs().get(0);
        assertEquals(MediaKind.IMAGE, png.kind());
        assertEquals("image/png", png.contentType());
        BufferedImage image = ImageIO.read(png.file().toFile());
        assertNotNull(image, "decodes as an image");
        assertEquals(90, image.getWidth());
        assertEquals(160, image.getHeight());
        assertEquals(90, result.result().get("width").asInt());
        assertTrue(progress.size() >= 3, "progress reported: " + progress);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress grows: " + progress);
        }
        assertEquals(1.0, progress.get(progress.size() - 1));
    }

    @Test
    void videoJobsFetchTheirInputsAndMakeAnH264Mp4AndMusicJobsAWav() throws Exception {
        SimulatedProvider provider = provider(settings(Duration.ofMillis(20), Duration.ofMillis(20), 0, 0), 2);
        UUID image = UUID.randomUUID();
        ProviderCall clip = call(TaskKind.VIDEO_GENERATION, params().put("image", image.toString()).put("seconds", 4));
        ProviderResult result = provider.follow(clip, provider.start(clip).await().atMost(WAIT)).await().atMost(WAIT);
        assertEquals(List.of(image), fetched, "the input image is downloaded as a real provider would upload it");
        Ffmpeg ffmpeg = new Ffmpeg(EngineFixture.tools().ffmpeg(), EngineFixture.tools().ffprobe());
        MediaProbe probe = ffmpeg.probe(result.outputs().get(0).file(), "the simulated clip");
        assertEquals("h264", probe.video().codecName());
        assertEquals(160, probe.video().width());
        assertEquals(1.0, probe.durationSeconds(), 0.15);
        assertEquals("video/mp4", result.outputs().get(0).contentType());

        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        ObjectNode timeline = params();
        timeline.putArray("clips").add(params().set("source", params().put("kind", "video").put("asset", a.toString())))
                .add(params().set("source", params().put("kind", "video").put("asset", b.toString())));
        timeline.putObject("audio").put("asset", a.toString());
        fetched.clear();
        ProviderCall render = call(TaskKind.VIDEO_COMPOSITION, (ObjectNode) params().set("timeline", timeline));
        ProviderResult video = provider.follow(render, provider.start(render).await().atMost(WAIT)).await().atMost(WAIT);
        assertEquals(List.of(a, b), fetched, "each asset of the timeline once");
        assertEquals("video.mp4", video.outputs().get(0).fileName());
        assertTrue(Files.size(video.outputs().get(0).file()) > 1000);

        ProviderCall music = call(TaskKind.MUSIC_GENERATION, params().put("seconds", 2));
        ProviderResult track = provider.follow(music, provider.start(music).await().atMost(WAIT)).await().atMost(WAIT);
        MediaProbe audio = ffmpeg.probe(track.outputs().get(0).file(), "the simulated track");
        assertEquals(2.0, audio.durationSeconds(), 0.05);
        assertEquals(MediaKind.AUDIO, track.outputs().get(0).kind());
    }

    @Test
    void faultsAreTransientOrFinalAsConfigured() throws Exception {
        for (double retryableShare : new double[] {1.0, 0.0}) {
            SimulatedProvider provider = provider(settings(Duration.ofMillis(10), Duration.ofMillis(10), 1.0,
                    retryableShare), 3);
            for (int i = 0; i < 20; i++) {
                ProviderCall call = call(TaskKind.IMAGE_GENERATION, params());
                ProviderException e = assertThrows(ProviderException.class,
                        () -> provider.follow(call, provider.start(call).await().atMost(WAIT)).await().atMost(WAIT));
                assertEquals(retryableShare == 1.0 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.PROVIDER_REJECTED, e.code());
                assertEquals(retryableShare == 1.0, e.retryable());
                assertTrue(e.getMessage().startsWith("Simulated fault"), e.getMessage());
            }
        }
    }

    @Test
    void aReattachedJobWaitsOnlyWhatIsLeftAndAJobPastTheDeadlineTimesOut() throws Exception {
        SimulatedProvider provider = provider(settings(Duration.ofSeconds(20), Duration.ofSeconds(20), 0, 0), 4);
        ProviderCall call = call(TaskKind.IMAGE_GENERATION, params());
        ProviderJob job = provider.start(call).await().atMost(WAIT);
        ObjectNode state = job.state().deepCopy().put("startedAt", System.currentTimeMillis() - 19_900);
        long started = System.nanoTime();
        provider.follow(call, new ProviderJob(job.provider(), job.jobIds(), state)).await().atMost(WAIT);
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "after a restart, only the rest of the wait");

        ProviderCall hurried = call(TaskKind.IMAGE_GENERATION, params(), Instant.now().plusMillis(300));
        long t0 = System.nanoTime();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.follow(hurried,
                provider.start(hurried).await().atMost(WAIT)).await().atMost(WAIT));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(took >= 250 && took < 10_000, "timed out at the deadline: " + took + " ms");
    }

    @Test
    void offUnlessEnabledAndSettingsAreChecked() throws Exception {
        SimulatedSettings off = new SimulatedSettings(false, Set.of(TaskKind.IMAGE_GENERATION), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0.05, 0.8, 4, true);
        SimulatedProvider provider = provider(off, 5);
        assertFalse(provider.configured());
        assertFalse(provider.probe().await().atMost(WAIT).configured());
        ProviderCall call = call(TaskKind.IMAGE_GENERATION, params());
        assertThrows(ProviderException.class, () -> provider.start(call).await().atMost(WAIT));

        IllegalStateException text = assertThrows(IllegalStateException.class, () -> SimulatedSettings.of(
                List.of(TaskKind.TEXT_GENERATION), Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 0));
        assertTrue(text.getMessage().contains("clipizy.providers.simulated.kinds"), text.getMessage());
        IllegalStateException rate = assertThrows(IllegalStateException.class, () -> settings(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1.5, 0));
        assertTrue(rate.getMessage().contains("fault-rate"), rate.getMessage());
        IllegalStateException p99 = assertThrows(IllegalStateException.class, () -> settings(Duration.ofSeconds(2),
                Duration.ofSeconds(1), 0, 0));
        assertTrue(p99.getMessage().contains("latency-p99"), p99.getMessage());
    }
}
