package io.clipizy.billing.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.kit.web.ProblemMappers;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Sends a body field of the wrong JSON type (e.g. {@code "delta":"many"}) through the kit's problem mapping.
 * quarkus-rest-jackson registers its own mapper for {@link MismatchedInputException}, which, being more specific than
 * the kit's {@code JsonProcessingException} mapper, would otherwise answer plain JSON (or an empty 400 in prod).
 */
public class JsonInputProblemMapper {
    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problems.json(e, uri);
    }
}
