package io.clipizy.billing.domain;

import java.time.Instant;

/** A user's monthly plan as Stripe last reported it. */
public record Subscription(String subscriptionId, String ownerId, String plan, String status, boolean cancelAtPeriodEnd,
                           Instant currentPeriodEnd, Instant updatedAt) {
}
