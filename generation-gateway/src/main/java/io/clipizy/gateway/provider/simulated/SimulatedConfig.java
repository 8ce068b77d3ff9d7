package io.clipizy.gateway.provider.simulated;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * The {@code simulated} provider, for load tests only ({@code clipizy.providers.simulated.*}); off unless
 * {@code enabled=true}, and even then used only for the kinds listed in {@code clipizy.routing.<kind>}.
 */
@ConfigMapping(prefix = "clipizy.providers.simulated")
public interface SimulatedConfig {
    /** Off by default: a gateway never answers with simulated media unless someone asked for it. */
    @WithDefault("false")
    boolean enabled();

    /** The kinds it serves: any of image_generation, video_generation, video_composition, music_generation. */
    @WithDefault("image_generation,video_generation,video_composition,music_generation")
    List<String> kinds();

    /** The median time a job takes (log-normal latency). */
    @WithDefault("PT2S")
    Duration latencyMedian();

    /** The 99th percentile of that time; equal to the median for a constant latency. */
    @WithDefault("PT6S")
    Duration latencyP99();

    /** The share of jobs that fail (0..1). */
    @WithDefault("0.05")
    double faultRate();

    /**
     * The share of those failures that are transient ({@code provider_unavailable}, retryable: the executor falls back,
     * the workflow retries); the rest are {@code provider_rejected}, which end the task.
     */
    @WithDefault("0.8")
    double retryableFaults();

    /** Progress reports per job. */
    @WithDefault("4")
    int progressSteps();

    /** Download the task's input media as a real provider would upload it (the load on media-service). */
    @WithDefault("true")
    boolean fetchInputs();
}
