package io.clipizy.billing.api;

import io.clipizy.billing.domain.Purchase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One of the user's purchases as the API shows it. */
public record PurchaseView(UUID id, String kind, String product, long credits, BigDecimal amountUsd, String status,
                           long refundedCredits, Instant createdAt, Instant paidAt) {

    public static PurchaseView of(Purchase p) {
        return new PurchaseView(p.id(), p.kind(), p.product(), p.credits(), p.amountUsd(), p.status(), p.refundedCredits(),
                p.createdAt(), p.paidAt());
    }
}
