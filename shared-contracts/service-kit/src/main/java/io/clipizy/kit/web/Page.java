package io.clipizy.kit.web;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;

/** One page of a listing: the items, where the page is, and how many items there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {
    public Page {
        items = List.copyOf(items);
    }

    /** Checks paging query parameters: page from 0, size 1..100. */
    public static void validate(int page, int size) {
        List<Problem.FieldViolation> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new Problem.FieldViolation("page", "must be 0 or more"));
        }
        if (size < 1 || size > 100) {
            errors.add(new Problem.FieldViolation("size", "must be between 1 and 100"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "Invalid paging parameters", errors);
        }
    }
}
