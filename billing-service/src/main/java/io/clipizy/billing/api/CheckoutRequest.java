package io.clipizy.billing.api;

import jakarta.validation.constraints.Size;

/** What to buy: the name of a credit pack or of a plan, exactly one of them. */
public record CheckoutRequest(@Size(max = 100) String pack, @Size(max = 100) String plan) {
}
