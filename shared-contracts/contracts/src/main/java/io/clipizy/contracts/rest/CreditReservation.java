package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import java.util.UUID;

/** The state of one task's credit reservation, as billing-service answers it. */
public record CreditReservation(UUID taskId, String ownerId, long credits, Status status, long balanceAfter) {
    /** RESERVED until the task ends; then CAPTURED (charged) or RELEASED (given back). */
    public enum Status { RESERVED, CAPTURED, RELEASED }

    public CreditReservation {
        Require.present(taskId, "taskId");
        Require.text(ownerId, "ownerId");
        Require.nonNegative(credits, "credits");
        Require.present(status, "status");
    }
}
