package io.clipizy.gateway.provider.llm;

import io.clipizy.gateway.provider.ProviderGuard;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The protection knobs every external adapter's configuration shares (concurrency, queue, rate, retries, backoff,
 * breaker). Each provider's mapping extends it and declares its own {@code attempt-timeout}, which differs most between
 * a streamed LLM answer and a status poll.
 */
public interface GuardConfig {
    /** Calls in flight at once towards this provider. */
    @WithDefault("4")
    int maxConcurrency();

    /** Calls waiting for a slot before new ones are refused as unavailable. */
    @WithDefault("64")
    int maxQueued();

    /** Calls started per second; 0 means no limit. */
    @WithDefault("0")
    double ratePerSecond();

    /** Retries after the first attempt, for 429/5xx/connection failures and timeouts only. */
    @WithDefault("3")
    int retries();

    @WithDefault("PT0.5S")
    Duration initialBackoff();

    @WithDefault("PT20S")
    Duration maxBackoff();

    /** Outcomes the circuit breaker looks at, the failure share that opens it and how long it stays open. */
    @WithDefault("20")
    int breakerWindow();

    @WithDefault("0.5")
    double breakerRatio();

    @WithDefault("PT30S")
    Duration breakerOpenFor();

    /** The guard settings with the given attempt timeout. */
    default ProviderGuard.Settings guardSettings(Duration attemptTimeout) {
        return new ProviderGuard.Settings(maxConcurrency(), maxQueued(), ratePerSecond(), attemptTimeout, retries(),
                initialBackoff(), maxBackoff(), breakerWindow(), breakerRatio(), breakerOpenFor());
    }
}
