package io.clipizy.billing.api;

import io.clipizy.billing.config.PricingConfig;
import io.clipizy.billing.domain.Estimate;
import io.clipizy.billing.domain.Estimator;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/pricing}: the pricing table, and the price of a workflow run before it starts (the chat's cost preview). */
@Path("/api/pricing")
@RolesAllowed({Roles.USER, Roles.ADMIN, ServiceRoles.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
public class PricingResource {
    @Inject
    PricingConfig pricing;

    @GET
    public PricingView table() {
        return PricingView.of(pricing);
    }

    @POST
    @Path("/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    public EstimateView estimate(@Valid @NotNull(message = "a JSON body is required") EstimateRequest request) {
        if (request.inputs() != null && !request.inputs().isObject() && !request.inputs().isNull()) {
            throw invalid("inputs", "must be an object of the workflow's inputs");
        }
        var inputs = request.inputs() == null || request.inputs().isNull()
                ? JsonCodec.mapper().createObjectNode() : request.inputs();
        Estimate estimate;
        try {
            estimate = Estimator.estimate(pricing, request.workflowId(), inputs);
        } catch (Estimator.InvalidInput e) {
            throw new ProblemException(ProblemType.VALIDATION, e.getMessage(), List.of(e.violation()));
        }
        if (estimate == null) {
            throw invalid("workflowId", "must be one of " + Estimator.workflowIds().stream().sorted().toList());
        }
        return EstimateView.of(estimate, pricing.creditUsd());
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldViolation(field, message)));
    }
}
