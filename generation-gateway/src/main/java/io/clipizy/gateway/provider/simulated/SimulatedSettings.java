package io.clipizy.gateway.provider.simulated;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.event.TaskKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated provider's settings, checked: a load test with a typo in its fault rate must not run quietly with
 * another one. Built from {@link SimulatedConfig}, or directly by tests.
 */
public record SimulatedSettings(boolean enabled, Set<TaskKind> kinds, Duration latencyMedian, Duration latencyP99,
                                double faultRate, double retryableFaults, int progressSteps, boolean fetchInputs) {
    /** What it can make: media files. Text and analysis answers steer the workflow and are not faked. */
    public static final Set<TaskKind> SUPPORTED = EnumSet.of(TaskKind.IMAGE_GENERATION, TaskKind.VIDEO_GENERATION,
            TaskKind.VIDEO_COMPOSITION, TaskKind.MUSIC_GENERATION);
    /** z of the 99th percentile of the standard normal distribution. */
    private static final double Z99 = 2.3263478740408408;

    public SimulatedSettings {
        kinds = kinds.isEmpty() ? EnumSet.noneOf(TaskKind.class) : EnumSet.copyOf(kinds);
        for (TaskKind kind : kinds) {
            if (!SUPPORTED.contains(kind)) {
                throw invalid("kinds", "the simulated provider cannot make " + kind.wire() + " results; it serves "
                        + SUPPORTED.stream().map(TaskKind::wire).sorted().toList());
            }
        }
        if (latencyMedian.isNegative() || latencyMedian.isZero()) {
            throw invalid("latency-median", "must be positive (got " + latencyMedian + ")");
        }
        if (latencyP99.compareTo(latencyMedian) < 0) {
            throw invalid("latency-p99", "must be at least latency-median (" + latencyMedian + "), got " + latencyP99);
        }
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw invalid("fault-rate", "must be between 0 and 1 (got " + faultRate + ")");
        }
        if (!(retryableFaults >= 0 && retryableFaults <= 1)) {
            throw invalid("retryable-faults", "must be between 0 and 1 (got " + retryableFaults + ")");
        }
        if (progressSteps < 1 || progressSteps > 100) {
            throw invalid("progress-steps", "must be between 1 and 100 (got " + progressSteps + ")");
        }
    }

    public static SimulatedSettings of(SimulatedConfig config) {
        Set<TaskKind> kinds = EnumSet.noneOf(TaskKind.class);
        for (String name : config.kinds()) {
            if (name.isBlank()) {
                continue;
            }
            try {
                kinds.add(TaskKind.fromWire(name.trim()));
            } catch (ContractViolationException e) {
                throw invalid("kinds", "'" + name.trim() + "' is no task kind");
            }
        }
        return new SimulatedSettings(config.enabled(), kinds, config.latencyMedian(), config.latencyP99(),
                config.faultRate(), config.retryableFaults(), config.progressSteps(), config.fetchInputs());
    }

    /** Settings for a test: the given kinds, latency and fault rate, two progress steps, inputs fetched. */
    public static SimulatedSettings of(List<TaskKind> kinds, Duration median, Duration p99, double faultRate,
                                       double retryableFaults) {
        return new SimulatedSettings(true, kinds.isEmpty() ? Set.of() : EnumSet.copyOf(kinds), median, p99, faultRate,
                retryableFaults, 2, true);
    }

    /** The log-normal's sigma that puts the 99th percentile at {@code latencyP99}. */
    public double sigma() {
        return Math.log((double) latencyP99.toNanos() / latencyMedian.toNanos()) / Z99;
    }

    private static IllegalStateException invalid(String key, String message) {
        return new IllegalStateException("clipizy.providers.simulated." + key + ": " + message);
    }
}
