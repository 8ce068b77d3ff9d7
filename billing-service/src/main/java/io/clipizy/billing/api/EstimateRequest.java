package io.clipizy.billing.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A workflow and the inputs a run of it would get, to be priced before it starts. */
public record EstimateRequest(@NotBlank(message = "is required") @Size(max = 200) String workflowId, JsonNode inputs) {
}
