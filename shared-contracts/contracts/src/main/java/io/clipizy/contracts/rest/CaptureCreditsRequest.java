package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import java.util.UUID;

/** Capture a task's reservation on success; {@code actualQuantity} (optional) lowers the charge, the rest is released. */
public record CaptureCreditsRequest(UUID taskId, Double actualQuantity) {
    public CaptureCreditsRequest {
        Require.present(taskId, "taskId");
    }
}
