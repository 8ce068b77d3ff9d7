package io.clipizy.billing.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An admin's correction of a user's balance: whose, by how much (signed, not 0), and why. */
public record AdjustmentRequest(
        @NotBlank(message = "is required") @Size(max = 255) String ownerId,
        @NotNull(message = "is required") @Min(value = -MAX_DELTA, message = "must be at least {value}")
        @Max(value = MAX_DELTA, message = "must be at most {value}") Long delta,
        @NotBlank(message = "is required") @Size(max = 500) String reason) {

    /** Bounds the change so the balance arithmetic can never overflow. */
    public static final long MAX_DELTA = 1_000_000_000L;
}
