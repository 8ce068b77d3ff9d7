package io.clipizy.media.api;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Reads optional form and query values, answering a 400 that names the field when one is malformed. */
final class RequestValues {
    private RequestValues() {
    }

    static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a UUID");
        }
    }

    /** A wire enum value through its {@code fromWire}; {@code allowed} lists what this endpoint accepts. */
    static <E> E wire(String value, String field, Function<String, E> fromWire, List<E> allowed, String expected) {
        if (value == null || value.isBlank()) {
            return null;
        }
        E parsed;
        try {
            parsed = fromWire.apply(value.trim());
        } catch (ContractViolationException e) {
            throw invalid(field, "must be one of " + expected);
        }
        if (!allowed.contains(parsed)) {
            throw invalid(field, "must be one of " + expected);
        }
        return parsed;
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldViolation(field, message)));
    }
}
