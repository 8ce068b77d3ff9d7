package io.clipizy.billing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.clipizy.billing.config.StripeConfig;
import io.clipizy.billing.service.StripeWebhookService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /api/billing/stripe/webhook}: Stripe's event deliveries. No bearer token: each request is authenticated by
 * its {@code Stripe-Signature} over the exact raw body, within a tolerance that makes an old capture useless.
 */
@Path("/api/billing/stripe/webhook")
@PermitAll
public class StripeWebhookResource {
    static final String SIGNATURE = "Stripe-Signature";

    @Inject
    StripeConfig config;

    @Inject
    StripeWebhookService webhooks;

    /** The acknowledgement Stripe receives: whether this delivery was new or a repeat already applied. */
    public record Received(String eventId, boolean duplicate) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Received> receive(byte[] body, @HeaderParam(SIGNATURE) String signature) {
        String payload = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
        verify(payload, signature);
        JsonNode event;
        try {
            event = JsonCodec.mapper().readTree(payload);
        } catch (Exception e) {
            throw invalid("body", "must be a Stripe event in JSON");
        }
        JsonNode id = event == null ? null : event.get("id");
        JsonNode type = event == null ? null : event.get("type");
        JsonNode object = event == null ? null : event.path("data").get("object");
        if (id == null || !id.isTextual() || type == null || !type.isTextual() || object == null || !object.isObject()) {
            throw invalid("body", "must be a Stripe event with id, type and data.object");
        }
        return webhooks.handle(id.textValue(), type.textValue(), object).map(first -> new Received(id.textValue(), !first));
    }

    private void verify(String payload, String signature) {
        String secret = config.webhookSecret().orElseThrow(() -> invalid(SIGNATURE,
                "cannot be verified: no webhook secret is configured"));
        if (signature == null || signature.isBlank()) {
            throw invalid(SIGNATURE, "is required");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret, config.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            // The library's message says which check failed (no signature, mismatch, outside the tolerance); no secret.
            throw invalid(SIGNATURE, e.getMessage());
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldViolation(field, message)));
    }
}
