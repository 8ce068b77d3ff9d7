package io.clipizy.eventhub.api;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.service.ReplayService;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/events/replay}: the caller's events of one stream after a cursor, in order — what a client reconnecting
 * to the live feed asks for to catch up on what it missed.
 */
@Path("/api/events/replay")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {
    static final int MAX_LIMIT = 500;

    @Inject
    ReplayService replay;

    @Inject
    CurrentUser user;

    @GET
    public Uni<ReplayView> replay(@QueryParam("stream") String stream,
                                  @QueryParam("after") @DefaultValue("0") String after,
                                  @QueryParam("limit") @DefaultValue("100") String limit) {
        List<Problem.FieldViolation> errors = new ArrayList<>();
        StreamKey key = StreamKey.parse(stream).orElse(null);
        if (key == null) {
            errors.add(new Problem.FieldViolation("stream",
                    "must be user:<subject>, task:<uuid>, run:<uuid>, chat:<uuid> or project:<uuid>"));
        }
        long afterCursor = number(after, 0, Long.MAX_VALUE, "after", errors);
        int max = (int) number(limit, 1, MAX_LIMIT, "limit", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "Invalid replay parameters", errors);
        }
        return replay.replay(user.id(), key, afterCursor, max).map(slice -> ReplayView.of(slice, afterCursor));
    }

    /** The parameter as a whole number within bounds; otherwise records the violation (and answers the minimum). */
    private static long number(String text, long min, long max, String field, List<Problem.FieldViolation> errors) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        errors.add(new Problem.FieldViolation(field, max == Long.MAX_VALUE
                ? "must be a whole number, " + min + " or more" : "must be a whole number between " + min + " and " + max));
        return min;
    }
}
