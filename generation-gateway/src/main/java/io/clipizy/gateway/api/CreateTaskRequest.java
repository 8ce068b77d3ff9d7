package io.clipizy.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.TaskKind;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A task asked for directly over the API: its kind, optionally a provider, and the kind's parameters. */
public record CreateTaskRequest(
        @NotNull(message = "is required") TaskKind kind,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9_-]+", message = "must be a provider id such as local or comfyui") String provider,
        JsonNode params,
        UUID projectId) {
}
