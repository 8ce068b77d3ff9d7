package io.clipizy.gateway.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway runs tasks: {@code clipizy.tasks.*}. */
@ConfigMapping(prefix = "clipizy.tasks")
public interface ExecutionConfig {
    /** Tasks this instance runs at once, over every kind and provider (each provider bounds its own calls too). */
    @WithDefault("8")
    int maxConcurrent();

    /** The deadline of a task whose request named none. */
    @WithDefault("PT2H")
    Duration defaultTimeout();

    /** How long an instance's claim on a RUNNING task lasts without a heartbeat before another instance adopts it. */
    @WithDefault("PT30S")
    Duration lease();

    /** The shortest gap between two progress events of one task (the last progress is always published). */
    @WithDefault("PT0.25S")
    Duration progressInterval();

    /** Where each task gets its private work directory ({@code <work-dir>/<task id>}), deleted when it ends. */
    String workDir();

    /** Retries of a reservation call that billing-service did not answer (or answered 5xx), with backoff. */
    @WithDefault("4")
    int billingRetries();

    /** Retries of storing an output that media-service did not answer (or answered 5xx), with backoff. */
    @WithDefault("4")
    int mediaRetries();

    /** First backoff of those retries; doubles each time, with jitter. */
    @WithDefault("PT0.5S")
    Duration retryBackoff();

    /** How often leases are renewed and waiting tasks claimed (a scheduler period such as {@code 10s}). */
    String tick();

    /** How often tasks past their deadline are failed (a scheduler period such as {@code 30s}). */
    String sweepEvery();

    /** Expired tasks failed per sweep. */
    @WithDefault("100")
    int sweepBatch();
}
