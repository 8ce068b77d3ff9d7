package io.clipizy.billing.api;

import io.clipizy.billing.domain.Subscription;
import java.time.Instant;

/** The user's plan: which, its Stripe status, whether it ends with the period, and the credits it grants a month. */
public record SubscriptionView(String subscriptionId, String plan, String status, boolean cancelAtPeriodEnd,
                               Instant currentPeriodEnd, long monthlyCredits) {

    public static SubscriptionView of(Subscription s, long monthlyCredits) {
        return new SubscriptionView(s.subscriptionId(), s.plan(), s.status(), s.cancelAtPeriodEnd(), s.currentPeriodEnd(),
                monthlyCredits);
    }
}
