package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import io.clipizy.contracts.event.TaskKind;
import java.util.UUID;

/**
 * generation-gateway → billing-service: reserve the credits a task will cost before it starts. Idempotent by
 * {@code taskId}: a repeat returns the existing reservation. {@code quantity} is in the kind's pricing unit (items,
 * seconds of video, scenes).
 */
public record ReserveCreditsRequest(UUID taskId, String ownerId, TaskKind kind, double quantity, UUID runId) {
    public ReserveCreditsRequest {
        Require.present(taskId, "taskId");
        Require.text(ownerId, "ownerId");
        Require.present(kind, "kind");
        if (!(quantity >= 0)) {
            throw new io.clipizy.contracts.ContractViolationException("quantity", "field 'quantity' must not be negative");
        }
    }
}
