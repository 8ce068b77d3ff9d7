package io.clipizy.gateway.clients;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.ExecutionConfig;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reserves a task's credits with billing-service before its work starts (idempotent by task id, so a restarted task
 * reserves once). billing-service settles the reservation itself from the task's terminal event on
 * {@code task.events} (captured on SUCCEEDED, released on FAILED or CANCELLED), so the gateway never settles.
 * Failures come back as {@link ProviderException}s carrying the task's error code.
 */
@ApplicationScoped
public class CreditReservations {
    @Inject
    @RestClient
    BillingApi billing;

    @Inject
    ServiceTokens tokens;

    @Inject
    ExecutionConfig config;

    /** The reservation, or a failure: insufficient_credits, or provider_unavailable once billing stayed unreachable. */
    public Uni<CreditReservation> reserve(Task task, double quantity) {
        ReserveCreditsRequest request = new ReserveCreditsRequest(task.id(), task.ownerId(), task.kind(), quantity,
                task.runId());
        return PeerFailures.withRetries(() -> billing.reserve(request), config.billingRetries(), config.retryBackoff(),
                        tokens)
                .onFailure().transform(failure -> {
                    int status = PeerFailures.status(failure);
                    String detail = PeerFailures.detail(failure);
                    if (status == 402) {
                        return new ProviderException(ErrorCode.INSUFFICIENT_CREDITS, detail != null ? detail
                                : "Not enough credits for this task; buy credits or choose a smaller job", false, null,
                                null);
                    }
                    if (status == 401 || status == 403) {
                        return new ProviderException(ErrorCode.INTERNAL, "The billing service refused the gateway's "
                                + "service credentials (HTTP " + status + "); check the generation-gateway client and "
                                + "its service role", false, null, failure);
                    }
                    if (PeerFailures.transient_(failure)) {
                        return new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "The billing service could not "
                                + "be reached to reserve this task's credits, so it was not started; try again in a "
                                + "few minutes", true, null, failure);
                    }
                    return new ProviderException(ErrorCode.INTERNAL, "The billing service refused to reserve this "
                            + "task's credits (HTTP " + status + (detail == null ? "" : ": " + detail) + ")", false,
                            null, failure);
                });
    }
}
