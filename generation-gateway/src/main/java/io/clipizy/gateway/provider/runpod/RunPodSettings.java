package io.clipizy.gateway.provider.runpod;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderGuard;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The RunPod adapter's settings as a plain value, so the adapter can be built in a plain JUnit test; the CDI producer
 * makes one from {@link RunPodConfig} and refuses an endpoint keyed by an unknown task kind or input mode.
 */
public record RunPodSettings(String url, Optional<String> apiKey, Optional<String> webhookBaseUrl,
                             Map<TaskKind, Endpoint> endpoints, ProviderGuard.Settings guard, Duration downloadTimeout,
                             Duration pollInterval, Duration maxPollInterval, Duration resultGrace,
                             boolean requireHttpsOutputUrls) {

    /** How the endpoint's worker expects its input. */
    public enum InputMode {
        COMFYUI, RAW
    }

    /** One serverless endpoint. */
    public record Endpoint(String id, InputMode input, boolean stream) {
    }

    public RunPodSettings {
        url = trimSlash(url.strip());
        apiKey = apiKey.filter(key -> !key.isBlank());
        webhookBaseUrl = webhookBaseUrl.map(String::strip).filter(u -> !u.isEmpty()).map(RunPodSettings::trimSlash);
        endpoints = endpoints.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(endpoints));
    }

    public static RunPodSettings from(RunPodConfig config) {
        Map<TaskKind, Endpoint> endpoints = new EnumMap<>(TaskKind.class);
        config.endpoints().forEach((kind, endpoint) -> {
            TaskKind taskKind;
            try {
                taskKind = TaskKind.fromWire(kind);
            } catch (ContractViolationException e) {
                throw new IllegalStateException("clipizy.providers.runpod.endpoints." + kind
                        + ": not a task kind (use image_generation, video_generation or music_generation)");
            }
            InputMode mode;
            try {
                mode = InputMode.valueOf(endpoint.input().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("clipizy.providers.runpod.endpoints." + kind + ".input="
                        + endpoint.input() + ": use comfyui or raw");
            }
            endpoints.put(taskKind, new Endpoint(endpoint.id().strip(), mode, endpoint.stream()));
        });
        ProviderGuard.Settings defaults = ProviderGuard.Settings.defaults();
        ProviderGuard.Settings guard = new ProviderGuard.Settings(config.maxConcurrency(), config.maxQueued(),
                config.ratePerSecond(), config.attemptTimeout(), config.retries(), config.initialBackoff(),
                config.maxBackoff(), defaults.breakerWindow(), defaults.breakerRatio(), defaults.breakerOpenFor());
        return new RunPodSettings(config.url(), config.apiKey(), config.webhookBaseUrl(), endpoints, guard,
                config.downloadTimeout(), config.pollInterval(), config.maxPollInterval(), config.resultGrace(),
                config.requireHttpsOutputUrls());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
