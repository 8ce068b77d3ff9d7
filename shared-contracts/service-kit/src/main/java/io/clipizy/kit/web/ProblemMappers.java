package io.clipizy.kit.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of every service: each failure becomes {@code application/problem+json} with a stable
 * type, a detail a person can act on and, for validation, every failing field. Never a stack trace or a secret: an
 * unexpected error is logged with an id and answered with that id only.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri, e.headers());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> contract(ContractViolationException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.VALIDATION, e.getMessage(), violations(e)), uri, Map.of());
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> constraints(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldViolation> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.FieldViolation(fieldOf(v), v.getMessage()))
                .toList();
        String detail = errors.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(ProblemType.VALIDATION, detail, errors), uri, Map.of());
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> json(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        ContractViolationException cause = findCause(e, ContractViolationException.class);
        if (cause != null) {
            // an enum value's own check does not know which field it was in; the JSON path does
            return contract(cause.field() != null || field == null ? cause
                    : new ContractViolationException(field, cause.getMessage()), uri);
        }
        String detail = field == null ? "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage()
                : "Field '" + field + "' has a value of the wrong type or format";
        List<Problem.FieldViolation> errors = field == null ? List.of() : List.of(new Problem.FieldViolation(field, "invalid value"));
        return respond(Problem.of(ProblemType.MALFORMED, detail, errors), uri, Map.of());
    }

    /**
     * quarkus-rest-jackson maps this subtype itself (a non-problem body), and the most specific mapper wins: so it is
     * claimed here explicitly and answered like every other malformed body.
     */
    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.UNAUTHORIZED, "A valid bearer token is required"), uri,
                Map.of("WWW-Authenticate", "Bearer"));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(null, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your account lacks the role this operation needs"), uri, Map.of());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        ContractViolationException cause = findCause(e, ContractViolationException.class);
        if (cause != null) {
            return contract(cause, uri);
        }
        JsonProcessingException json = findCause(e, JsonProcessingException.class);
        if (json != null) {
            return json(json, uri);
        }
        if (status == 404 && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers 404 when a path or query parameter cannot be converted; that is bad input, not absence.
            return respond(Problem.of(ProblemType.MALFORMED, "A path or query parameter has an invalid value: "
                    + e.getCause().getMessage()), uri, Map.of());
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "Nothing at " + uri.getPath();
            case 405 -> "Method not allowed on " + uri.getPath();
            case 406 -> "None of the requested media types can be produced";
            case 415 -> "The request's content type is not supported here";
            default -> e.getMessage() == null ? type.title() : e.getMessage();
        };
        return respond(new Problem(type.uri(), type.title(), status, detail, null, List.of()), uri, Map.of());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
        ProblemException problem = findCause(e, ProblemException.class);
        if (problem != null) {
            return problem(problem, uri);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, uri.getPath());
        return respond(Problem.of(ProblemType.INTERNAL, "An unexpected error occurred (error id " + errorId + ")"), uri, Map.of());
    }

    private static RestResponse<Problem> respond(Problem problem, UriInfo uri, Map<String, String> headers) {
        Problem body = problem.withInstance(uri == null ? null : uri.getPath());
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder.<Problem>create(body.status())
                .entity(body).type(Problem.MEDIA_TYPE);
        headers.forEach(builder::header);
        return builder.build();
    }

    private static List<Problem.FieldViolation> violations(ContractViolationException e) {
        return e.field() == null ? List.of() : List.of(new Problem.FieldViolation(e.field(), e.getMessage()));
    }

    /** The last node of a Bean Validation path ("create.request.name" → "name"), kept whole for nested fields. */
    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }

}
