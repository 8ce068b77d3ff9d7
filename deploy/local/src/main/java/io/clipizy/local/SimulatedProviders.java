package io.clipizy.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --simulate-providers [SPEC]}: the stack for load tests (PERFORMANCE.md P9), with the gateway's
 * {@code simulated} provider enabled and the media kinds routed to it instead of the local engine. SPEC is
 * {@code key=value} pairs separated by commas, all optional:
 * {@code latency=2s} (median), {@code p99=6s}, {@code faults=0.05} (share of jobs that fail),
 * {@code retryable=0.8} (share of those failures that are transient), {@code concurrency=64} (tasks the gateway runs
 * at once: waiting on a remote provider costs no CPU, so the local engine's 8 would be the bottleneck), and
 * {@code kinds=image_generation+video_generation+video_composition+music_generation}.
 */
public record SimulatedProviders(Duration latency, Duration p99, double faults, double retryable, int concurrency,
                                 List<String> kinds) {
    public static final List<String> KINDS = List.of("image_generation", "video_generation", "video_composition",
            "music_generation");
    public static final SimulatedProviders DEFAULTS = new SimulatedProviders(Duration.ofSeconds(2), Duration.ofSeconds(6),
            0.05, 0.8, 64, KINDS);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    public SimulatedProviders {
        if (latency.isZero() || latency.isNegative()) {
            throw new IllegalArgumentException("--simulate-providers latency must be positive");
        }
        if (p99.compareTo(latency) < 0) {
            throw new IllegalArgumentException("--simulate-providers p99 (" + show(p99) + ") must be at least the "
                    + "median latency (" + show(latency) + ")");
        }
        if (!(faults >= 0 && faults <= 1) || !(retryable >= 0 && retryable <= 1)) {
            throw new IllegalArgumentException("--simulate-providers faults and retryable are shares between 0 and 1");
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("--simulate-providers concurrency must be between 1 and 10000");
        }
        if (kinds.isEmpty() || !KINDS.containsAll(kinds)) {
            throw new IllegalArgumentException("--simulate-providers kinds must be some of " + String.join("+", KINDS));
        }
        kinds = List.copyOf(kinds);
    }

    /** Parses SPEC (an empty one means the defaults); a mistake is an IllegalArgumentException naming the key. */
    public static SimulatedProviders parse(String spec) {
        Duration latency = DEFAULTS.latency;
        Duration p99 = null;
        double faults = DEFAULTS.faults;
        double retryable = DEFAULTS.retryable;
        int concurrency = DEFAULTS.concurrency;
        List<String> kinds = DEFAULTS.kinds;
        for (String part : spec == null ? new String[0] : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--simulate-providers: '" + part + "' is not key=value");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            try {
                switch (key) {
                    case "latency" -> latency = duration(value);
                    case "p99" -> p99 = duration(value);
                    case "faults" -> faults = Double.parseDouble(value);
                    case "retryable" -> retryable = Double.parseDouble(value);
                    case "concurrency" -> concurrency = Integer.parseInt(value);
                    case "kinds" -> kinds = List.of(value.split("\\+"));
                    default -> throw new IllegalArgumentException("--simulate-providers: unknown key '" + key
                            + "' (latency, p99, faults, retryable, concurrency, kinds)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--simulate-providers " + key + ": '" + value + "' is not a number");
            }
        }
        if (p99 == null) {
            p99 = latency.multipliedBy(3);
        }
        return new SimulatedProviders(latency, p99, faults, retryable, concurrency, kinds);
    }

    /** 500ms, 2s, 1.5s, 1m. */
    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--simulate-providers: '" + value + "' is not a duration like 500ms or 2s");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            default -> amount * 60_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** The generation gateway's environment for this: the provider on, its settings, and the routing lines. */
    public Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLIPIZY_PROVIDERS_SIMULATED_ENABLED", "true");
        env.put("CLIPIZY_PROVIDERS_SIMULATED_KINDS", String.join(",", kinds));
        env.put("CLIPIZY_PROVIDERS_SIMULATED_LATENCY_MEDIAN", latency.toString());
        env.put("CLIPIZY_PROVIDERS_SIMULATED_LATENCY_P99", p99.toString());
        env.put("CLIPIZY_PROVIDERS_SIMULATED_FAULT_RATE", String.valueOf(faults));
        env.put("CLIPIZY_PROVIDERS_SIMULATED_RETRYABLE_FAULTS", String.valueOf(retryable));
        env.put("CLIPIZY_TASKS_MAX_CONCURRENT", String.valueOf(concurrency));
        for (String kind : kinds) {
            env.put("CLIPIZY_ROUTING_" + kind.toUpperCase(Locale.ROOT), "simulated");
        }
        return env;
    }

    /** One line for the summary. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("latency median " + show(latency) + ", p99 " + show(p99));
        parts.add(String.format(Locale.ROOT, "%.1f %% faults (%.0f %% of them transient)", faults * 100, retryable * 100));
        parts.add(concurrency + " tasks at once");
        return String.join("+", kinds) + " on the SIMULATED provider (" + String.join(", ", parts) + ")";
    }

    private static String show(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
