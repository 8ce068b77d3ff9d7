package io.clipizy.kit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipizy.contracts.problem.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging checks and the problems the kit raises. */
class ProblemsTest {
    @Test
    void pagingParametersAreCheckedFieldByField() {
        Page.validate(0, 1);
        Page.validate(3, 100);
        ProblemException both = assertThrows(ProblemException.class, () -> Page.validate(-1, 0));
        assertEquals(400, both.problem().status());
        assertEquals(List.of("page", "size"), both.problem().errors().stream().map(e -> e.field()).toList());
        assertEquals(List.of("size"), assertThrows(ProblemException.class, () -> Page.validate(0, 101)).problem().errors()
                .stream().map(e -> e.field()).toList());
    }

    @Test
    void rateLimitsCarryRetryAfterAndNotFoundNamesOnlyTheKind() {
        ProblemException limited = ProblemException.rateLimited("Too many tasks", 0);
        assertEquals(429, limited.problem().status());
        assertEquals("1", limited.headers().get("Retry-After"), "never tell a client to retry in 0 seconds");
        ProblemException missing = ProblemException.notFound("Task");
        assertEquals(ProblemType.NOT_FOUND.uri(), missing.problem().type());
        assertEquals("Task not found", missing.problem().detail());
    }
}
