package io.clipizy.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.chat.service.ChatService;
import io.clipizy.chat.service.ProjectService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** {@code /api/projects}: the caller's projects and their chats. */
@Path("/api/projects")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {
    @Inject
    ProjectService projects;

    @Inject
    ChatService chats;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Project>> create(@Valid @NotNull(message = "a JSON body is required") ProjectRequests.Create body) {
        return projects.create(user.id(), body.type(), body.name().strip(), body.description(), settings(body.settings()))
                .map(p -> RestResponse.ResponseBuilder.<Project>created(URI.create("/api/projects/" + p.id())).entity(p).build());
    }

    @GET
    public Uni<Page<Project>> list(@QueryParam("type") ProjectType type, @QueryParam("q") String search,
                                   @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return projects.list(user.id(), type, search == null || search.isBlank() ? null : search.strip(), page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<Project> get(@RestPath UUID id) {
        return projects.get(user.id(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Project> update(@RestPath UUID id, @Valid @NotNull(message = "a JSON body is required") ProjectRequests.Update body) {
        return projects.update(user.id(), id, body.name() == null ? null : body.name().strip(), body.description(),
                body.settings() == null ? null : settings(body.settings()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return projects.delete(user.id(), id).replaceWith(RestResponse.noContent());
    }

    @POST
    @Path("/{id}/chats")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Chat>> createChat(@RestPath UUID id, @Valid ChatRequests.Create body) {
        return chats.create(user.id(), id, body == null || body.title() == null ? null : body.title().strip())
                .map(c -> RestResponse.ResponseBuilder.<Chat>created(URI.create("/api/chats/" + c.id())).entity(c).build());
    }

    @GET
    @Path("/{id}/chats")
    public Uni<List<Chat>> chats(@RestPath UUID id) {
        return chats.forProject(user.id(), id);
    }

    private static JsonNode settings(JsonNode settings) {
        if (settings == null) {
            return JsonCodec.mapper().createObjectNode();
        }
        if (!settings.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "settings must be a JSON object",
                    List.of(new Problem.FieldViolation("settings", "must be a JSON object")));
        }
        return settings;
    }
}
