package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's pricing API as the assistant uses it: the price of a run before it starts, asked in the person's name. */
@RegisterRestClient(configKey = "billing")
@Path("/api/pricing")
public interface BillingClient {
    /** {@code {workflowId, inputs}} → {@code {credits, usd, breakdown, pricingVersion}}; an estimate is safe to retry. */
    @POST
    @Path("/estimate")
    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000)
    Uni<JsonNode> estimate(@HeaderParam("Authorization") String authorization, JsonNode body);
}
