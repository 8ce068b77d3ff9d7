package io.clipizy.billing.api;

import io.clipizy.billing.domain.Estimate;
import java.math.BigDecimal;
import java.util.List;

/** A run's estimated price in credits, its worth in US dollars, and how it adds up. */
public record EstimateView(String workflowId, String pricingVersion, long credits, BigDecimal usd,
                           List<Estimate.Line> breakdown) {

    public static EstimateView of(Estimate e, BigDecimal creditUsd) {
        return new EstimateView(e.workflowId(), e.pricingVersion(), e.credits(),
                creditUsd.multiply(BigDecimal.valueOf(e.credits())).stripTrailingZeros(), e.breakdown());
    }
}
