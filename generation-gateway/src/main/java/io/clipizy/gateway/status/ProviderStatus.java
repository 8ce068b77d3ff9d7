package io.clipizy.gateway.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One provider as {@code /api/v1/env/status} reports it: what it can do, whether it is configured and reachable, how
 * long its probe took and the last error seen (scrubbed). Never a URL, key or token.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProviderStatus(String name, List<String> kinds, boolean configured, boolean reachable, Long latencyMs,
                             String lastError, Instant checkedAt) {
}
