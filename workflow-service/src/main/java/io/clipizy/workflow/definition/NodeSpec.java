package io.clipizy.workflow.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A node of a workflow: which catalogue type it uses, its parameters ({@code with}, literal JSON or references), an
 * optional {@code when} condition, an optional {@code forEach} fan-out with its parallelism, explicit {@code after}
 * dependencies where no data flows, agent-mode settings and a retry policy.
 */
public record NodeSpec(String id, String use, Map<String, JsonNode> with, String when, String forEach, Integer parallelism,
                       List<String> after, Agent agent, Retry retry) {

    /** Agent mode: generate, parse, validate against a schema, re-ask with the errors, up to maxIterations. */
    public record Agent(int maxIterations, String outputSchema) {
    }

    /** Retries of a failed generator: attempts in all (1 = no retry) and the first backoff (doubling each time). */
    public record Retry(int maxAttempts, long backoffMillis) {
    }

    public NodeSpec {
        with = with == null ? Map.of() : Map.copyOf(with);
        after = after == null ? List.of() : List.copyOf(after);
    }

    public int attemptsAllowed() {
        return retry == null ? 1 : Math.max(1, retry.maxAttempts());
    }
}
