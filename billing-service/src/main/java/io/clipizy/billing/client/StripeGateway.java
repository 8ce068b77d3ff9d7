package io.clipizy.billing.client;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.clipizy.billing.config.StripeConfig;
import io.clipizy.billing.domain.Purchase;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * The calls billing-service makes to Stripe, through stripe-java. Every POST carries an idempotency key derived from
 * our own ids, so the library's retries and ours replay instead of creating twice.
 */
@ApplicationScoped
public class StripeGateway {
    private static final Logger LOG = Logger.getLogger(StripeGateway.class);
    private static final int NETWORK_RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 20_000;

    @Inject
    StripeConfig config;

    private volatile StripeClient client;

    /** A Checkout Session's id and the page the user pays on. */
    public record CheckoutSession(String id, String url) {
    }

    /** Creates the user's Stripe customer; a repeat for the same user answers the same customer. */
    public Uni<String> createCustomer(String ownerId) {
        CustomerCreateParams params = CustomerCreateParams.builder().putMetadata("owner_id", ownerId).build();
        return call("create a customer", () -> client().v1().customers()
                .create(params, options("customer-" + sha256(ownerId))).getId());
    }

    /** Opens the Checkout Session that collects the purchase's payment (a pack) or starts its subscription (a plan). */
    public Uni<CheckoutSession> createCheckout(Purchase purchase, String customerId, String priceId) {
        boolean plan = Purchase.PLAN.equals(purchase.kind());
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(plan ? SessionCreateParams.Mode.SUBSCRIPTION : SessionCreateParams.Mode.PAYMENT)
                .setCustomer(customerId)
                .setClientReferenceId(purchase.ownerId())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                .setSuccessUrl(config.successUrl())
                .setCancelUrl(config.cancelUrl())
                .putMetadata("purchase_id", purchase.id().toString())
                .putMetadata("owner_id", purchase.ownerId())
                .putMetadata(purchase.kind(), purchase.product());
        if (plan) {
            // Invoices of the subscription carry these, so invoice.paid can be credited even if it arrives first.
            params.setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("owner_id", purchase.ownerId())
                    .putMetadata("plan", purchase.product()).build());
        }
        return call("create a checkout session", () -> {
            Session session = client().v1().checkout().sessions()
                    .create(params.build(), options("checkout-" + purchase.id()));
            return new CheckoutSession(session.getId(), session.getUrl());
        });
    }

    /** A customer portal link where the user manages their plan and payment methods. */
    public Uni<String> createPortal(String customerId) {
        com.stripe.param.billingportal.SessionCreateParams params = com.stripe.param.billingportal.SessionCreateParams.builder()
                .setCustomer(customerId).setReturnUrl(config.portalReturnUrl()).build();
        return call("create a portal session", () -> client().v1().billingPortal().sessions().create(params).getUrl());
    }

    private <T> Uni<T> call(String what, Callable<T> request) {
        return Uni.createFrom().item(() -> {
                    try {
                        return request.call();
                    } catch (StripeException e) {
                        LOG.warnf("Stripe refused to %s: %s (request %s)", what, e.getCode(), e.getRequestId());
                        throw new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                                "The payment provider is unavailable; try again later");
                    } catch (ProblemException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                // stripe-java blocks on its HTTP call: keep it off the event loop, on the bounded worker pool.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private StripeClient client() {
        StripeClient current = client;
        if (current == null) {
            String key = config.apiKey().orElseThrow(() -> new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "Payments are not configured on this installation"));
            current = StripeClient.builder().setApiKey(key).setApiBase(config.apiBase())
                    .setMaxNetworkRetries(NETWORK_RETRIES).setConnectTimeout(CONNECT_TIMEOUT_MS)
                    .setReadTimeout(READ_TIMEOUT_MS).build();
            client = current;
        }
        return current;
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    /** Keeps a key derived from a user id short and free of the characters a subject may contain. */
    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
