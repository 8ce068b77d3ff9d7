package io.clipizy.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-user limits on the endpoints that start costly work: task creation ({@code tasks}) and the video jobs API
 * ({@code jobs}). Each user has one token bucket per group: {@code burst} requests at once, refilled at
 * {@code rate-per-second}.
 */
@ConfigMapping(prefix = "clipizy.rate-limit")
public interface RateLimitConfig {
    /** Off for benchmarks and for test suites that submit many tasks; on everywhere else. */
    @WithDefault("true")
    boolean enabled();

    Bucket tasks();

    Bucket jobs();

    /** Buckets untouched (and full) for this long are forgotten, so memory follows active users only. */
    @WithDefault("10m")
    java.time.Duration idleEviction();

    /** One group's bucket settings. */
    interface Bucket {
        @WithDefault("5")
        double ratePerSecond();

        @WithDefault("20")
        int burst();
    }
}
