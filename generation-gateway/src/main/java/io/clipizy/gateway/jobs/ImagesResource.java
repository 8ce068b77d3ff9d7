package io.clipizy.gateway.jobs;

import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code /api/v1/images}: image generation jobs of 1–4 images (each an image_generation task), listed and deleted
 * like video jobs. The images themselves are media assets, read from media-service by their ids.
 */
@Path("/api/v1/images")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {
    @Inject
    JobService jobs;

    @Inject
    CurrentUser user;

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<JobView>> generate(ImageRequest request) {
        return jobs.createImages(user.id(), VideosResource.required(request)).map(job -> RestResponse.ResponseBuilder
                .<JobView>created(URI.create("/api/v1/images/" + job.id())).entity(job).build());
    }

    @GET
    public Uni<Page<JobView>> list(@QueryParam("status") TaskStatus status,
                                   @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return jobs.list(user.id(), JobMedia.IMAGE, status, page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<JobView> get(@RestPath UUID id) {
        return jobs.get(user.id(), JobMedia.IMAGE, id);
    }

    /** Cancels the image job's unfinished tasks and deletes it. */
    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return jobs.delete(user.id(), JobMedia.IMAGE, id).map(ignored -> RestResponse.noContent());
    }
}
