package io.clipizy.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.chat.domain.ProjectType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of {@code /api/projects}. */
public final class ProjectRequests {
    private ProjectRequests() {
    }

    /** A new project: its type and name, optionally a description and settings. */
    public record Create(@NotNull(message = "is required") ProjectType type,
                         @NotBlank(message = "is required") @Size(max = 200) String name,
                         @Size(max = 5000) String description,
                         JsonNode settings) {
    }

    /** Changes to a project; absent fields stay as they are. */
    public record Update(@Size(min = 1, max = 200) String name, @Size(max = 5000) String description, JsonNode settings) {
    }
}
