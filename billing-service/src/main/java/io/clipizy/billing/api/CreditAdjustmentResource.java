package io.clipizy.billing.api;

import io.clipizy.billing.service.LedgerService;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code /api/credits/adjustments}: an admin corrects a user's balance. An {@code Idempotency-Key} header makes a
 * retried request safe: the repeat answers the adjustment already applied (200) instead of applying it twice.
 */
@Path("/api/credits/adjustments")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class CreditAdjustmentResource {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    @Inject
    LedgerService ledger;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<LedgerEntryView>> adjust(@Valid @NotNull(message = "a JSON body is required") AdjustmentRequest request,
                                                     @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        if (request.delta() == 0) {
            throw new ProblemException(ProblemType.VALIDATION, "delta: must not be 0",
                    List.of(new Problem.FieldViolation("delta", "must not be 0")));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw new ProblemException(ProblemType.VALIDATION, IDEMPOTENCY_KEY + ": must be 1 to 255 characters",
                    List.of(new Problem.FieldViolation(IDEMPOTENCY_KEY, "must be 1 to 255 characters")));
        }
        return ledger.adjust(request.ownerId(), request.delta(), request.reason(), user.id(), idempotencyKey)
                .map(a -> RestResponse.ResponseBuilder.<LedgerEntryView>create(
                                a.replayed() ? RestResponse.Status.OK : RestResponse.Status.CREATED)
                        .entity(LedgerEntryView.of(a.entry())).build());
    }
}
