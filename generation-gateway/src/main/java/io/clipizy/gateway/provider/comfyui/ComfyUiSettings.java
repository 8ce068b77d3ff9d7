package io.clipizy.gateway.provider.comfyui;

import io.clipizy.gateway.provider.ProviderGuard;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The ComfyUI adapter's settings as a plain value, so the adapter can be built in a plain JUnit test; the CDI producer
 * makes one from {@link ComfyUiConfig}.
 */
public record ComfyUiSettings(Optional<String> url, Optional<String> token, ProviderGuard.Settings guard,
                              Duration downloadTimeout, Duration pollInterval, Duration socketCheckInterval,
                              Map<String, String> models) {
    public ComfyUiSettings {
        url = url.map(String::strip).filter(u -> !u.isEmpty()).map(ComfyUiSettings::trimSlash);
        token = token.filter(t -> !t.isBlank());
        models = Map.copyOf(models);
    }

    public static ComfyUiSettings from(ComfyUiConfig config) {
        ProviderGuard.Settings guard = ProviderGuard.Settings.defaults()
                .withMaxConcurrent(config.maxConcurrency())
                .withRatePerSecond(config.ratePerSecond())
                .withAttemptTimeout(config.attemptTimeout())
                .withRetries(config.retries(), config.initialBackoff(), config.maxBackoff());
        guard = new ProviderGuard.Settings(guard.maxConcurrent(), config.maxQueued(), guard.ratePerSecond(),
                guard.attemptTimeout(), guard.maxRetries(), guard.initialBackoff(), guard.maxBackoff(),
                guard.breakerWindow(), guard.breakerRatio(), guard.breakerOpenFor());
        return new ComfyUiSettings(config.url(), config.token(), guard, config.downloadTimeout(), config.pollInterval(),
                config.socketCheckInterval(), config.models());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
