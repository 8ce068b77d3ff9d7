package io.clipizy.gateway.jobs;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every failing field of a request, named as the client wrote it, and ends with one 400 problem. */
final class Violations {
    private final List<Problem.FieldViolation> errors = new ArrayList<>();

    Violations add(String field, String message) {
        errors.add(new Problem.FieldViolation(field, message));
        return this;
    }

    Violations text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
        }
        return this;
    }

    Violations range(String field, Number value, double min, double max) {
        if (value != null && (Double.isNaN(value.doubleValue()) || value.doubleValue() < min || value.doubleValue() > max)) {
            add(field, "must be between " + format(min) + " and " + format(max));
        }
        return this;
    }

    Violations evenPixels(String field, Integer value, int min, int max) {
        if (value != null) {
            if (value < min || value > max) {
                add(field, "must be between " + min + " and " + max + " pixels");
            } else if (value % 2 != 0) {
                add(field, "must be an even number of pixels");
            }
        }
        return this;
    }

    Violations providerName(String field, String value) {
        if (value != null && !value.matches("[a-z0-9_-]{1,64}")) {
            add(field, "must be a provider id such as local or comfyui");
        }
        return this;
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new ProblemException(ProblemType.VALIDATION, detail, errors);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
