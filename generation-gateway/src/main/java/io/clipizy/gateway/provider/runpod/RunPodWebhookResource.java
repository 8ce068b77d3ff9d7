package io.clipizy.gateway.provider.runpod;

import io.clipizy.kit.web.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * RunPod's job webhooks: {@code POST /api/hooks/runpod/{taskId}/{secret}}. Open (RunPod sends no token), so the only
 * credential is the per-task secret in the URL; the body is ignored — it only tells the follower to re-read the
 * job's status from RunPod. Anything that does not match a job being followed here is a 404.
 */
@Path("/api/hooks/runpod")
@PermitAll
public class RunPodWebhookResource {
    private final RunPodWebhooks webhooks;

    public RunPodWebhookResource(RunPodWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Path("/{taskId}/{secret}")
    public Response delivered(@PathParam("taskId") String taskId, @PathParam("secret") String secret) {
        UUID task;
        try {
            task = UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Webhook");
        }
        if (!webhooks.deliver(task, secret)) {
            throw ProblemException.notFound("Webhook");
        }
        return Response.noContent().build();
    }
}
