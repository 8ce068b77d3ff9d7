package io.clipizy.billing.service;

import io.clipizy.billing.client.StripeGateway;
import io.clipizy.billing.config.StripeConfig;
import io.clipizy.billing.domain.Purchase;
import io.clipizy.billing.persistence.PurchaseRepository;
import io.clipizy.billing.persistence.StripeRecordsRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Starts purchases: records the purchase, makes sure the user has a Stripe customer, and opens the Checkout Session.
 * Credits are granted later, by the webhook, once Stripe says the payment succeeded.
 */
@ApplicationScoped
public class CheckoutService {
    @Inject
    StripeConfig config;

    @Inject
    StripeGateway stripe;

    @Inject
    PurchaseRepository purchases;

    @Inject
    StripeRecordsRepository records;

    @Inject
    UnitOfWork unitOfWork;

    /** A started checkout: our purchase id and the Stripe page the user pays on. */
    public record Started(UUID purchaseId, String sessionId, String url) {
    }

    /** Opens a checkout for a pack or a plan already checked to exist in configuration. */
    public Uni<Started> start(String ownerId, String kind, String name, StripeConfig.Product product) {
        Purchase purchase = new Purchase(UUID.randomUUID(), ownerId, kind, name, product.credits(), product.priceUsd(),
                "created", null, null, 0, null, null);
        return unitOfWork.run(tx -> purchases.insert(tx, purchase))
                .chain(() -> customer(ownerId))
                .chain(customerId -> stripe.createCheckout(purchase, customerId, product.priceId()))
                // A checkout Stripe never opened can never be paid: say so instead of leaving it 'created' forever.
                .onFailure().call(() -> unitOfWork.run(tx -> purchases.updateStatus(tx, purchase.id(), "failed", null)))
                .call(session -> unitOfWork.run(tx -> purchases.opened(tx, purchase.id(), session.id())))
                .map(session -> new Started(purchase.id(), session.id(), session.url()));
    }

    /** A customer portal link; 404 for a user who never started a checkout (there is nothing to manage yet). */
    public Uni<String> portal(String ownerId) {
        return unitOfWork.read(c -> records.customerOf(c, ownerId)).chain(customerId -> {
            if (customerId == null) {
                throw ProblemException.notFound("Billing account");
            }
            return stripe.createPortal(customerId);
        });
    }

    private Uni<String> customer(String ownerId) {
        return unitOfWork.read(c -> records.customerOf(c, ownerId)).chain(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : stripe.createCustomer(ownerId).chain(created -> unitOfWork.run(tx -> records.saveCustomer(tx, ownerId, created))));
    }
}
