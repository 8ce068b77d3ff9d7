package io.clipizy.gateway.provider.comfyui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The ComfyUI server: its base URL (a local server, or a RunPod pod's {@code https://{podId}-8188.proxy.runpod.net})
 * and, for proxies that need one, a bearer token. Unset URL: the provider is not configured.
 */
@ConfigMapping(prefix = "clipizy.providers.comfyui")
public interface ComfyUiConfig {
    /** Base URL, e.g. {@code http://localhost:8188}. */
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer <token>} when set (proxies in front of ComfyUI). */
    Optional<String> token();

    @WithDefault("2")
    int maxConcurrency();

    @WithDefault("64")
    int maxQueued();

    @WithDefault("10")
    double ratePerSecond();

    @WithDefault("30s")
    Duration attemptTimeout();

    /** One output download's limit (videos take longer than API calls). */
    @WithDefault("5m")
    Duration downloadTimeout();

    @WithDefault("3")
    int retries();

    @WithDefault("500ms")
    Duration initialBackoff();

    @WithDefault("20s")
    Duration maxBackoff();

    /** How often {@code /history} is read when the WebSocket is down. */
    @WithDefault("2s")
    Duration pollInterval();

    /** How often {@code /history} is read as a safety net while the WebSocket is up. */
    @WithDefault("15s")
    Duration socketCheckInterval();

    /** Values of the templates' config slots (model files on this server), by slot name, e.g. {@code checkpoint}. */
    Map<String, String> models();

    /** Template versions to use instead of the highest, by template name. */
    Map<String, Integer> templateVersions();
}
