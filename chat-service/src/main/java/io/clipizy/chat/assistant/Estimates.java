package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The credit estimate the assistant shows before a run starts. Without the person's token (an LLM answer that came
 * back after a restart) or when billing cannot answer, there is no estimate and the summary says so; it never blocks
 * the conversation.
 */
@ApplicationScoped
public class Estimates {
    private static final Logger LOG = Logger.getLogger(Estimates.class);

    @Inject
    @RestClient
    BillingClient billing;

    /** billing's {@code {credits, usd, ...}} for the run, or null when there is none to show. */
    public Uni<JsonNode> estimate(String authorization, String workflowId, JsonNode inputs) {
        if (authorization == null) {
            return Uni.createFrom().nullItem();
        }
        ObjectNode body = JsonCodec.mapper().createObjectNode();
        body.put("workflowId", workflowId).set("inputs", inputs);
        return billing.estimate(authorization, body)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("No credit estimate for %s: %s", workflowId, e.toString());
                    return null;
                });
    }
}
