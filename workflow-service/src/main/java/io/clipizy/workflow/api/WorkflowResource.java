package io.clipizy.workflow.api;

import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.workflow.definition.InputSpec;
import io.clipizy.workflow.definition.WorkflowDefinition;
import io.clipizy.workflow.engine.WorkflowDefinitions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;

/** {@code /api/workflows}: the workflows a person can run, with the input form of each. */
@Path("/api/workflows")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {
    @Inject
    WorkflowDefinitions definitions;

    /** A workflow as a client sees it: what it makes and the form to fill in (its full node graph via the id). */
    public record Summary(String id, int version, String projectType, String title, String description, Map<String, InputSpec> inputs) {
    }

    @GET
    public List<Summary> list(@QueryParam("projectType") String projectType) {
        return definitions.catalogue().workflows().stream()
                .filter(w -> projectType == null || projectType.equals(w.projectType()))
                .sorted(Comparator.comparing(WorkflowDefinition::id))
                .map(w -> new Summary(w.id(), w.version(), w.projectType(), w.title(), w.description(), w.inputs()))
                .toList();
    }

    @GET
    @Path("/{id}")
    public WorkflowDefinition get(@RestPath String id) {
        WorkflowDefinition wf = definitions.catalogue().workflow(id);
        if (wf == null) {
            throw ProblemException.notFound("Workflow");
        }
        return wf;
    }
}
