package io.clipizy.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.chat.assistant.WorkflowClient;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;

/** {@code /api/pipelines/{projectType}}: the workflows a project type offers, with their required and optional fields. */
@Path("/api/pipelines")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {
    @Inject
    @RestClient
    WorkflowClient workflows;

    @Inject
    JsonWebToken jwt;

    /** One field of a pipeline's form. */
    public record Field(String name, JsonNode spec) {
    }

    /** A pipeline: what it makes, and the fields it needs and accepts. */
    public record Pipeline(String id, String title, String description, List<Field> required, List<Field> optional) {
    }

    @GET
    @Path("/{projectType}")
    public Uni<List<Pipeline>> forType(@RestPath ProjectType projectType) {
        return workflows.workflows("Bearer " + jwt.getRawToken(), projectType.wire()).map(list -> {
            List<Pipeline> pipelines = new ArrayList<>();
            for (JsonNode wf : list) {
                List<Field> required = new ArrayList<>();
                List<Field> optional = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = wf.path("inputs").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> input = it.next();
                    boolean needed = input.getValue().path("required").asBoolean() && !input.getValue().hasNonNull("default");
                    (needed ? required : optional).add(new Field(input.getKey(), input.getValue()));
                }
                pipelines.add(new Pipeline(wf.path("id").asText(), wf.path("title").asText(), wf.path("description").asText(),
                        required, optional));
            }
            return pipelines;
        });
    }
}
