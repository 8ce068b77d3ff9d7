package io.clipizy.workflow.api;

import io.clipizy.contracts.event.RunStatus;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.workflow.domain.Run;
import io.clipizy.workflow.service.RunService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.clipizy.workflow.engine.RunEngine;
import java.net.URI;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestPath;

/** {@code /api/runs}: the caller's workflow runs, their node states, and cancel. */
@Path("/api/runs")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    @Inject
    RunService runs;

    @Inject
    CurrentUser user;

    @Inject
    org.eclipse.microprofile.jwt.JsonWebToken jwt;

    @GET
    public Uni<Page<Run>> list(@QueryParam("projectId") UUID projectId, @QueryParam("status") RunStatus status,
                               @QueryParam("page") @DefaultValue("0") int page,
                               @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return runs.list(user.id(), projectId, status, page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<RunService.RunDetail> get(@RestPath UUID id) {
        return runs.get(user.id(), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<RunService.RunDetail>> start(@Valid @NotNull(message = "a JSON body is required") RunRequests.Start body) {
        return runs.start(user.id(), "Bearer " + jwt.getRawToken(), body.workflowId().strip(), body.projectId(), body.chatId(), body.inputs())
                .map(d -> RestResponse.ResponseBuilder.<RunService.RunDetail>created(URI.create("/api/runs/" + d.run().id())).entity(d).build());
    }

    @POST
    @Path("/{id}/inputs/{nodeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RunService.RunDetail> answer(@RestPath UUID id, @RestPath String nodeId,
                                            @Valid @NotNull(message = "a JSON body is required") RunRequests.Answer body) {
        return runs.answer(user.id(), id, nodeId, new RunEngine.Answer(body.action(), body.value(), body.feedback(), body.items()));
    }

    @POST
    @Path("/{id}/nodes/{nodeId}/regenerate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RunService.RunDetail> regenerate(@RestPath UUID id, @RestPath String nodeId, @Valid RunRequests.Regenerate body) {
        return runs.regenerate(user.id(), id, nodeId, body == null ? null : body.items(), body == null ? null : body.feedback());
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<RunService.RunDetail> cancel(@RestPath UUID id) {
        return runs.cancel(user.id(), id, "Cancelled by the user");
    }
}
