package io.clipizy.gateway.provider.runpod;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * RunPod serverless: the API key, one queue endpoint per task kind, and the public base URL of this gateway for
 * webhooks. No key or no endpoint: the provider is not configured.
 */
@ConfigMapping(prefix = "clipizy.providers.runpod")
public interface RunPodConfig {
    /** The queue API's base, {@code https://api.runpod.ai/v2}; the endpoint id is appended. */
    @WithDefault("https://api.runpod.ai/v2")
    String url();

    /** Sent as {@code Authorization: Bearer <key>}. */
    Optional<String> apiKey();

    /**
     * This gateway's public base URL (e.g. {@code https://gateway.example.com}); when set, each job gets a webhook
     * {@code <base>/api/hooks/runpod/<taskId>/<secret>}. Without it the adapter polls {@code /status}.
     */
    Optional<String> webhookBaseUrl();

    /** Endpoints by task kind ({@code image_generation}, {@code video_generation}, {@code music_generation}). */
    Map<String, Endpoint> endpoints();

    @WithDefault("4")
    int maxConcurrency();

    @WithDefault("64")
    int maxQueued();

    /** RunPod allows 1000 /run and 2000 /status requests per 10 s; stay well below. */
    @WithDefault("50")
    double ratePerSecond();

    @WithDefault("30s")
    Duration attemptTimeout();

    /** One output download's limit. */
    @WithDefault("5m")
    Duration downloadTimeout();

    @WithDefault("3")
    int retries();

    @WithDefault("500ms")
    Duration initialBackoff();

    @WithDefault("20s")
    Duration maxBackoff();

    /** First wait between two {@code /status} reads; it doubles up to {@link #maxPollInterval()}. */
    @WithDefault("2s")
    Duration pollInterval();

    @WithDefault("15s")
    Duration maxPollInterval();

    /** Added to the task's remaining time for the job's {@code ttl}, so a finished job's output can still be read. */
    @WithDefault("10m")
    Duration resultGrace();

    /** Output URLs the worker returns must be https (a worker answering with an internal http URL is refused). */
    @WithDefault("true")
    boolean requireHttpsOutputUrls();

    /** One serverless endpoint. */
    interface Endpoint {
        /** The endpoint id ({@code https://api.runpod.ai/v2/<id>/run}). */
        String id();

        /**
         * {@code comfyui}: a worker-comfyui endpoint, sent the gateway's ComfyUI graph templates as
         * {@code {"workflow", "images"}}; {@code raw}: the task's parameters as the endpoint's own input, media ids
         * replaced by data URIs.
         */
        @WithDefault("comfyui")
        String input();

        /** Whether the worker streams partial outputs (progress) readable from {@code /stream}. */
        @WithDefault("false")
        boolean stream();
    }
}
