package io.clipizy.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/** Billing settings ({@code clipizy.billing.*}), checked at startup. */
@ConfigMapping(prefix = "clipizy.billing")
public interface BillingConfig {
    /** Credits granted once, when a user's account is opened. */
    @WithDefault("60")
    @PositiveOrZero
    long welcomeCredits();

    @Valid
    Reservations reservations();

    /** How reservations of tasks that stopped reporting are given back. */
    interface Reservations {
        /** How long a task may send no event before its reservation is released. */
        @WithDefault("PT2H")
        Duration silenceTimeout();

        /** How often the sweeper looks for silent tasks (a scheduler expression such as {@code 60s}). */
        @WithDefault("60s")
        String sweepEvery();

        /** The most reservations one sweep releases; the next sweep takes the rest. */
        @WithDefault("100")
        @Positive
        int sweepBatch();
    }
}
