package io.clipizy.billing.domain;

import io.clipizy.contracts.rest.CreditReservation;

/** The answer to a reserve call: the reservation, and whether it already existed (a retried call). */
public record ReservationOutcome(CreditReservation reservation, boolean replayed) {
}
