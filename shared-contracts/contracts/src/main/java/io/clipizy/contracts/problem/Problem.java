package io.clipizy.contracts.problem;

import java.net.URI;
import java.util.List;

/**
 * An {@code application/problem+json} body (RFC 9457): the stable {@code type}, a short title, the HTTP status, a
 * detail a person can act on, and, for validation errors, one entry per failing field.
 */
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldViolation> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of());
    }

    public static Problem of(ProblemType type, String detail, List<FieldViolation> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, errors);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    /** One failing field of a request: its path (e.g. {@code inputs.scenes}) and what is wrong with it. */
    public record FieldViolation(String field, String message) {
    }
}
