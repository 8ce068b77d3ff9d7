package io.clipizy.billing.api;

import io.clipizy.billing.service.ReservationService;
import io.clipizy.contracts.rest.CaptureCreditsRequest;
import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReleaseCreditsRequest;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code /api/credits/reservations}: the service-to-service API generation-gateway calls around every task. Reserve is
 * idempotent by task id (201 the first time, 200 for a repeat); capture and release are idempotent too.
 */
@Path("/api/credits/reservations")
@RolesAllowed(ServiceRoles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {
    /** Keeps the price arithmetic far from overflow; no task is anywhere near this many units. */
    static final double MAX_QUANTITY = 1_000_000;
    private static final int MAX_OWNER_LENGTH = 255;
    private static final int MAX_REASON_LENGTH = 500;

    @Inject
    ReservationService reservations;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CreditReservation>> reserve(@NotNull(message = "a JSON body is required") ReserveCreditsRequest request) {
        if (request.quantity() > MAX_QUANTITY || Double.isNaN(request.quantity())) {
            throw invalid("quantity", "must be at most " + (long) MAX_QUANTITY);
        }
        if (request.ownerId().length() > MAX_OWNER_LENGTH) {
            throw invalid("ownerId", "must be at most " + MAX_OWNER_LENGTH + " characters");
        }
        return reservations.reserve(request).map(outcome -> RestResponse.ResponseBuilder.<CreditReservation>create(
                outcome.replayed() ? RestResponse.Status.OK : RestResponse.Status.CREATED)
                .entity(outcome.reservation()).build());
    }

    @GET
    @Path("/{taskId}")
    public Uni<CreditReservation> find(@PathParam("taskId") UUID taskId) {
        return reservations.find(taskId);
    }

    @POST
    @Path("/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CreditReservation> capture(@NotNull(message = "a JSON body is required") CaptureCreditsRequest request) {
        Double actual = request.actualQuantity();
        if (actual != null && (!(actual >= 0) || actual > MAX_QUANTITY)) {
            throw invalid("actualQuantity", "must be between 0 and " + (long) MAX_QUANTITY);
        }
        return reservations.capture(request.taskId(), actual);
    }

    @POST
    @Path("/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CreditReservation> release(@NotNull(message = "a JSON body is required") ReleaseCreditsRequest request) {
        String reason = request.reason() == null || request.reason().isBlank() ? "Released by generation-gateway" : request.reason();
        if (reason.length() > MAX_REASON_LENGTH) {
            throw invalid("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return reservations.release(request.taskId(), reason);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldViolation(field, message)));
    }
}
