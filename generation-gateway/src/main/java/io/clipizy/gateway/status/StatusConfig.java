package io.clipizy.gateway.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How {@code /api/v1/env/status} probes providers: each answer is reused for {@code cache}; a probe is cut at {@code probe-timeout}. */
@ConfigMapping(prefix = "clipizy.status")
public interface StatusConfig {
    @WithDefault("15s")
    Duration cache();

    @WithDefault("3s")
    Duration probeTimeout();
}
