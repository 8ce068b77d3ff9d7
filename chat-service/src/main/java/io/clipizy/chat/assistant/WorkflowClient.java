package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The workflow service's API as the assistant uses it, always with the person's bearer token so ownership is checked
 * there too. Reads retry on the caller's side; starting a run is never retried blindly (it is not idempotent).
 */
@RegisterRestClient(configKey = "workflow")
@Path("/api")
public interface WorkflowClient {
    @GET
    @Path("/workflows")
    @Timeout(5000)
    Uni<JsonNode> workflows(@HeaderParam("Authorization") String authorization, @jakarta.ws.rs.QueryParam("projectType") String projectType);

    @GET
    @Path("/workflows/{id}")
    @Timeout(5000)
    Uni<JsonNode> workflow(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/runs")
    @Timeout(10000)
    Uni<JsonNode> start(@HeaderParam("Authorization") String authorization, JsonNode body);

    @GET
    @Path("/runs/{id}")
    @Timeout(5000)
    Uni<JsonNode> run(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id);

    @POST
    @Path("/runs/{id}/inputs/{node}")
    @Timeout(10000)
    Uni<JsonNode> answer(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id,
                         @PathParam("node") String node, JsonNode body);

    @POST
    @Path("/runs/{id}/cancel")
    @Timeout(10000)
    Uni<JsonNode> cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id);
}
