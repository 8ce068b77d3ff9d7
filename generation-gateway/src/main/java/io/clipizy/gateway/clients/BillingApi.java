package io.clipizy.gateway.clients;

import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's reservation API (service role): a task's credits are held before its paid work starts. */
@RegisterRestClient(configKey = "billing")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api/credits/reservations")
public interface BillingApi {
    /** 201 the first time, 200 for a repeat (idempotent by task id); 402 problem when the balance is short. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<CreditReservation> reserve(ReserveCreditsRequest request);
}
