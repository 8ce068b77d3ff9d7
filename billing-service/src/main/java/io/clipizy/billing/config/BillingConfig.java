package io.clipizy.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.PositiveOrZero;

/** Billing settings ({@code clipizy.billing.*}), checked at startup. */
@ConfigMapping(prefix = "clipizy.billing")
public interface BillingConfig {
    /** Credits granted once, when a user's account is opened. */
    @WithDefault("60")
    @PositiveOrZero
    long welcomeCredits();
}
