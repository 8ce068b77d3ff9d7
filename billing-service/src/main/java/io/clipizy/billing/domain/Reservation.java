package io.clipizy.billing.domain;

import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.rest.CreditReservation;
import java.time.Instant;
import java.util.UUID;

/** The credits held for one task; {@code charged} is set once the task is captured. */
public record Reservation(UUID taskId, String ownerId, TaskKind kind, double quantity, long credits, Long charged,
                          CreditReservation.Status status, UUID runId, String pricingVersion, Instant createdAt,
                          Instant settledAt) {

    public boolean isOpen() {
        return status == CreditReservation.Status.RESERVED;
    }

    /** The contract view generation-gateway receives, with the owner's balance after the operation. */
    public CreditReservation view(long balanceAfter) {
        long shown = status == CreditReservation.Status.CAPTURED ? charged : credits;
        return new CreditReservation(taskId, ownerId, shown, status, balanceAfter);
    }
}
