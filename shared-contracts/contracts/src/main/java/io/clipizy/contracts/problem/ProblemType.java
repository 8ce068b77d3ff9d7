package io.clipizy.contracts.problem;

import java.net.URI;

/** Every kind of error the suite answers with, each with a stable {@code type} URI (RFC 9457) and its HTTP status. */
public enum ProblemType {
    VALIDATION("validation", "Invalid request", 400),
    MALFORMED("malformed-request", "Malformed request", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    INSUFFICIENT_CREDITS("insufficient-credits", "Not enough credits", 402),
    FORBIDDEN("forbidden", "Not allowed", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    UNPROCESSABLE("unprocessable", "Unprocessable input", 422),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    INTERNAL("internal", "Internal error", 500),
    DEPENDENCY_UNAVAILABLE("dependency-unavailable", "A service we depend on is unavailable", 503);

    /** Base of every problem type URI. */
    public static final String BASE = "https://clipizy.io/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The type used for an HTTP status that no specific kind covers. */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
