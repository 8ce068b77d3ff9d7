package io.clipizy.gateway.clients;

import io.clipizy.contracts.rest.StoredMedia;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** media-service's internal API (service role): a task's input media, read as its owner, and its stored outputs. */
@RegisterRestClient(configKey = "media")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api/internal/media")
public interface MediaApi {
    /** An asset's facts, as {@code ownerId} may see it: 404 when unknown, deleted or another's; 409 when not ready. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<MediaAssetInfo> describe(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId);

    /** Stores one output: parts {@code metadata} (a StoreOutputRequest's JSON) and {@code file}; idempotent. */
    @POST
    @Path("/outputs")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<StoredMedia> store(ClientMultipartForm form);
}
