package io.clipizy.gateway.api;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.service.TaskService;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
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
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /api/tasks}: submit, read, list and cancel the caller's tasks. */
@Path("/api/tasks")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    @Inject
    TaskService tasks;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<TaskView>> create(@Valid @NotNull(message = "a JSON body is required") CreateTaskRequest request) {
        if (request.params() != null && !request.params().isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "params must be a JSON object",
                    List.of(new Problem.FieldViolation("params", "must be a JSON object")));
        }
        GenerationRequested command = GenerationRequested.of(user.id(), request.projectId(), null, null, null, null,
                UUID.randomUUID(), request.kind(), request.provider(),
                request.params() == null ? JsonCodec.mapper().createObjectNode() : request.params(), null, 1);
        return tasks.submit(command).map(t -> RestResponse.ResponseBuilder.<TaskView>created(URI.create("/api/tasks/" + t.id()))
                .entity(TaskView.of(t)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<TaskView> get(@RestPath UUID id) {
        return tasks.get(user.id(), id).map(TaskView::of);
    }

    @GET
    public Uni<Page<TaskView>> list(@QueryParam("status") TaskStatus status, @QueryParam("kind") TaskKind kind,
                                    @QueryParam("projectId") UUID projectId,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return tasks.list(user.id(), status, kind, projectId, page, size)
                .map(p -> new Page<>(p.items().stream().map(TaskView::of).toList(), p.page(), p.size(), p.total()));
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<TaskView> cancel(@RestPath UUID id) {
        return tasks.cancel(user.id(), id).map(TaskView::of);
    }
}
