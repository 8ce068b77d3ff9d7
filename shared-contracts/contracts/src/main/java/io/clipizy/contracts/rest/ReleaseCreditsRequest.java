package io.clipizy.contracts.rest;

import io.clipizy.contracts.Require;
import java.util.UUID;

/** Release a task's reservation on failure or cancel. */
public record ReleaseCreditsRequest(UUID taskId, String reason) {
    public ReleaseCreditsRequest {
        Require.present(taskId, "taskId");
    }
}
