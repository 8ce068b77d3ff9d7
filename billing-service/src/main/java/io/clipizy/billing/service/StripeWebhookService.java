package io.clipizy.billing.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.billing.config.StripeConfig;
import io.clipizy.billing.domain.LedgerEntryType;
import io.clipizy.billing.domain.Purchase;
import io.clipizy.billing.domain.Subscription;
import io.clipizy.billing.persistence.PurchaseRepository;
import io.clipizy.billing.persistence.StripeRecordsRepository;
import io.clipizy.billing.persistence.SubscriptionRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies verified Stripe events. The event id is recorded in the transaction of its effect, so the same event
 * delivered again changes nothing; each effect also checks the state it moves from, so events arriving out of order
 * (Stripe does not order them) cannot grant twice or undo a later state.
 */
@ApplicationScoped
public class StripeWebhookService {
    private static final Logger LOG = Logger.getLogger(StripeWebhookService.class);

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    StripeRecordsRepository records;

    @Inject
    PurchaseRepository purchases;

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    LedgerService ledger;

    @Inject
    StripeConfig config;

    /** Applies the event unless it was applied before; answers whether this delivery was the first. */
    public Uni<Boolean> handle(String eventId, String type, JsonNode object) {
        return unitOfWork.run(tx -> records.firstDelivery(tx, eventId, type)
                .call(first -> first ? apply(tx, type, object) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(SqlConnection tx, String type, JsonNode object) {
        switch (type) {
            case "checkout.session.completed":
                return sessionCompleted(tx, object);
            case "checkout.session.async_payment_succeeded":
                return withSessionPurchase(tx, object, p -> payPack(tx, p, text(object, "payment_intent")));
            case "checkout.session.async_payment_failed":
                return withSessionPurchase(tx, object, p -> p.isPaid() ? Uni.createFrom().voidItem()
                        : purchases.updateStatus(tx, p.id(), "failed", text(object, "payment_intent")));
            case "invoice.paid":
                return invoicePaid(tx, object);
            case "customer.subscription.updated":
            case "customer.subscription.deleted":
                return subscriptionChanged(tx, object);
            case "charge.refunded":
                return chargeRefunded(tx, object);
            default:
                // Subscribed to more than we act on, or a new type: acknowledged so Stripe stops resending it.
                return Uni.createFrom().voidItem();
        }
    }

    private Uni<Void> sessionCompleted(SqlConnection tx, JsonNode session) {
        return withSessionPurchase(tx, session, p -> {
            String paymentIntent = text(session, "payment_intent");
            if (Purchase.PLAN.equals(p.kind())) {
                String subscriptionId = text(session, "subscription");
                Uni<Void> started = subscriptionId == null ? Uni.createFrom().voidItem()
                        : subscriptions.find(tx, subscriptionId).chain(existing -> existing != null
                                ? Uni.createFrom().voidItem()
                                : subscriptions.upsert(tx, new Subscription(subscriptionId, p.ownerId(), p.product(),
                                        "active", false, null, null)));
                // A plan's credits come with each paid invoice, not with the checkout.
                return started.chain(() -> purchases.updateStatus(tx, p.id(), Purchase.PAID, paymentIntent));
            }
            String paymentStatus = text(session, "payment_status");
            if ("paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus)) {
                return payPack(tx, p, paymentIntent);
            }
            // A delayed method (bank debit): checkout.session.async_payment_succeeded follows.
            return p.isPaid() ? Uni.createFrom().voidItem() : purchases.updateStatus(tx, p.id(), "pending", paymentIntent);
        });
    }

    private Uni<Void> payPack(SqlConnection tx, Purchase p, String paymentIntent) {
        if (p.isPaid()) {
            return Uni.createFrom().voidItem();
        }
        return purchases.updateStatus(tx, p.id(), Purchase.PAID, paymentIntent)
                .chain(() -> ledger.grant(tx, p.ownerId(), LedgerEntryType.PURCHASED, p.credits(), p.id().toString(),
                        "Credit pack " + p.product()))
                .replaceWithVoid();
    }

    private Uni<Void> invoicePaid(SqlConnection tx, JsonNode invoice) {
        JsonNode details = invoice.path("parent").path("subscription_details");
        String subscriptionId = text(details, "subscription");
        if (subscriptionId == null) {
            subscriptionId = text(invoice, "subscription");
        }
        String invoiceId = text(invoice, "id");
        if (subscriptionId == null || invoiceId == null) {
            return Uni.createFrom().voidItem();
        }
        String id = subscriptionId;
        return subscriptions.find(tx, id).chain(known -> {
            String owner = known != null ? known.ownerId() : text(details.path("metadata"), "owner_id");
            String plan = known != null ? known.plan() : text(details.path("metadata"), "plan");
            StripeConfig.Product product = plan == null ? null : config.plans().get(plan);
            if (owner == null || product == null) {
                LOG.warnf("invoice %s of subscription %s names no known user and plan; no credits granted", invoiceId, id);
                return Uni.createFrom().voidItem();
            }
            Uni<Void> recorded = known != null ? Uni.createFrom().voidItem()
                    : subscriptions.upsert(tx, new Subscription(id, owner, plan, "active", false, null, null));
            return recorded.chain(() -> ledger.grant(tx, owner, LedgerEntryType.SUBSCRIPTION_GRANT, product.credits(),
                    invoiceId, "Monthly credits of the " + plan + " plan")).replaceWithVoid();
        });
    }

    private Uni<Void> subscriptionChanged(SqlConnection tx, JsonNode sub) {
        String id = text(sub, "id");
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return subscriptions.find(tx, id).chain(known -> {
            String owner = known != null ? known.ownerId() : text(sub.path("metadata"), "owner_id");
            String plan = planOf(sub, known);
            if (owner == null || plan == null) {
                LOG.warnf("subscription %s names no known user and plan; ignored", id);
                return Uni.createFrom().voidItem();
            }
            return subscriptions.upsert(tx, new Subscription(id, owner, plan, text(sub, "status"),
                    sub.path("cancel_at_period_end").asBoolean(false), periodEnd(sub), null));
        });
    }

    private Uni<Void> chargeRefunded(SqlConnection tx, JsonNode charge) {
        String paymentIntent = text(charge, "payment_intent");
        long amount = charge.path("amount").asLong(0);
        long refunded = charge.path("amount_refunded").asLong(0);
        if (paymentIntent == null || amount <= 0) {
            return Uni.createFrom().voidItem();
        }
        return purchases.lockByPaymentIntent(tx, paymentIntent).chain(p -> {
            if (p == null || !Purchase.PACK.equals(p.kind()) || !p.isPaid()) {
                return Uni.createFrom().voidItem();
            }
            // amount_refunded is cumulative: take back the share refunded so far, less what earlier refunds took.
            long target = Math.min(p.credits(), p.credits() * Math.min(refunded, amount) / amount);
            long due = target - p.refundedCredits();
            if (due <= 0) {
                return Uni.createFrom().voidItem();
            }
            return purchases.refunded(tx, p.id(), target, target == p.credits())
                    .chain(() -> ledger.takeBackUpTo(tx, p.ownerId(), LedgerEntryType.REFUNDED, due,
                            text(charge, "id") + "/" + refunded, "Refund of credit pack " + p.product()))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> withSessionPurchase(SqlConnection tx, JsonNode session,
                                          Function<Purchase, Uni<Void>> effect) {
        String sessionId = text(session, "id");
        if (sessionId == null) {
            return Uni.createFrom().voidItem();
        }
        return purchases.lockBySession(tx, sessionId).chain(p -> {
            if (p == null) {
                LOG.warnf("checkout session %s is not one of ours; ignored", sessionId);
                return Uni.createFrom().voidItem();
            }
            return effect.apply(p);
        });
    }

    private String planOf(JsonNode sub, Subscription known) {
        String priceId = text(sub.path("items").path("data").path(0).path("price"), "id");
        if (priceId != null) {
            for (var plan : config.plans().entrySet()) {
                if (plan.getValue().priceId().equals(priceId)) {
                    return plan.getKey();
                }
            }
        }
        return known != null ? known.plan() : text(sub.path("metadata"), "plan");
    }

    /** The period end, at the top level in older API versions and on the subscription item in current ones. */
    private static Instant periodEnd(JsonNode sub) {
        JsonNode end = sub.path("current_period_end");
        if (!end.isNumber()) {
            end = sub.path("items").path("data").path(0).path("current_period_end");
        }
        return end.isNumber() ? Instant.ofEpochSecond(end.asLong()) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
    }
}
