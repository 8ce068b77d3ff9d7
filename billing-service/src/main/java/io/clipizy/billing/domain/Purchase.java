package io.clipizy.billing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One checkout a user started: a credit pack or a plan, and how far its payment got. */
public record Purchase(UUID id, String ownerId, String kind, String product, long credits, BigDecimal amountUsd,
                       String status, String checkoutSessionId, String paymentIntentId, long refundedCredits,
                       Instant createdAt, Instant paidAt) {
    public static final String PACK = "pack";
    public static final String PLAN = "plan";
    public static final String PAID = "paid";

    public boolean isPaid() {
        return PAID.equals(status) || "refunded".equals(status);
    }
}
