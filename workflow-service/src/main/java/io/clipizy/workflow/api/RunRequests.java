package io.clipizy.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request bodies of {@code /api/runs}. */
public final class RunRequests {
    private RunRequests() {
    }

    /** Start a run of a workflow with its inputs, in a project and chat. */
    public record Start(@NotBlank(message = "is required") String workflowId, UUID projectId, UUID chatId, JsonNode inputs) {
    }

    /**
     * An answer to a step that waits for the person: {@code approve}, {@code edit} (with {@code value}),
     * {@code regenerate} (with {@code feedback} and optionally {@code items}), {@code choose} (with {@code value} = an
     * index) or {@code submit} (with {@code value}).
     */
    public record Answer(@NotBlank(message = "is required")
                         @Pattern(regexp = "approve|edit|regenerate|choose|submit", message = "must be approve, edit, regenerate, choose or submit")
                         String action,
                         JsonNode value,
                         @Size(max = 2000) String feedback,
                         @Size(max = 100) List<Integer> items) {
    }

    /** Regenerate a step, or some items of it, optionally with feedback ("darker, fewer people"). */
    public record Regenerate(@Size(max = 100) List<Integer> items, @Size(max = 2000) String feedback) {
    }
}
