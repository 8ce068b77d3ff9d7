package io.clipizy.gateway.provider;

import java.time.Instant;

/**
 * How a provider stands: configured, reachable, how long the probe took and the last error seen (by the probe or by
 * real calls). Never carries a secret.
 */
public record ProviderHealth(String provider, boolean configured, boolean reachable, Long latencyMs, String lastError,
                             Instant checkedAt) {
    public static ProviderHealth notConfigured(String provider) {
        return new ProviderHealth(provider, false, false, null, null, Instant.now());
    }
}
