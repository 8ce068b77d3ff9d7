package io.clipizy.billing.domain;

import io.clipizy.billing.config.PricingConfig;
import io.clipizy.contracts.event.TaskKind;

/** What a task costs in credits under a pricing table. */
public final class Pricing {
    /** Absorbs the rounding error of a quantity like 0.1 × 30 so that an exact price is not rounded up. */
    private static final double EPSILON = 1e-9;

    private Pricing() {
    }

    /** The credits a task of this kind and quantity costs: its rate times its units, rounded up, at least its minimum. */
    public static long taskCredits(PricingConfig pricing, TaskKind kind, double quantity) {
        PricingConfig.TaskPrice price = pricing.tasks().get(kind.wire());
        if (price == null) {
            throw new IllegalStateException("clipizy.billing.pricing.tasks has no price for " + kind.wire());
        }
        double units = price.per() == PricingConfig.Per.MINUTE ? quantity / 60.0 : quantity;
        return Math.max(price.minimum(), roundUp(units * price.credits()));
    }

    /** Rounds a fractional credit amount up to whole credits: a charge never rounds in the user's disfavour by more. */
    public static long roundUp(double credits) {
        return (long) Math.ceil(credits - EPSILON);
    }
}
