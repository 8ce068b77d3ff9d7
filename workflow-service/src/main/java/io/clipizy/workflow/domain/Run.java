package io.clipizy.workflow.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** A run of a workflow for a person, with its inputs, output and credits. */
public record Run(UUID id, String ownerId, UUID projectId, UUID chatId, String workflowId, int workflowVersion,
                  RunStatus status, JsonNode inputs, JsonNode output, ErrorInfo error, Long estimatedCredits,
                  Long actualCredits, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
