package io.clipizy.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Stripe settings ({@code clipizy.billing.stripe.*}): keys, URLs, and the credit packs and plans on sale. */
@ConfigMapping(prefix = "clipizy.billing.stripe")
public interface StripeConfig {
    /** The secret API key; without it checkout and the portal answer 503. */
    Optional<String> apiKey();

    /** The webhook endpoint's signing secret; without it every webhook is refused. */
    Optional<String> webhookSecret();

    /** Where the Stripe API is; overridden to point at a fake in tests. */
    @WithDefault("https://api.stripe.com")
    String apiBase();

    /** How old a webhook signature may be before it is refused as a replay. */
    @WithDefault("PT5M")
    Duration webhookTolerance();

    @NotBlank
    String successUrl();

    @NotBlank
    String cancelUrl();

    @NotBlank
    String portalReturnUrl();

    /** Credit packs, bought once (Checkout mode=payment), by name. */
    Map<String, @Valid Product> packs();

    /** Monthly plans (Checkout mode=subscription), their credits granted on every paid invoice, by name. */
    Map<String, @Valid Product> plans();

    /** Something on sale: its credits, its price, and the Stripe price that bills it. */
    interface Product {
        @Positive
        long credits();

        @DecimalMin(value = "0", inclusive = false)
        BigDecimal priceUsd();

        @NotBlank
        String priceId();
    }
}
