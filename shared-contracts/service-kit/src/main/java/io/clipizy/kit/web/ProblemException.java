package io.clipizy.kit.web;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import java.util.List;
import java.util.Map;

/** Ends a request with an {@code application/problem+json} answer of a given type (and optional headers). */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldViolation> errors) {
        this(Problem.of(type, detail, errors), Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    /** 429 with the Retry-After header (seconds). */
    public static ProblemException rateLimited(String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(ProblemType.RATE_LIMITED, detail),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
