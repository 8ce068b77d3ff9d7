package io.clipizy.workflow.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A workflow input as a form field: its type ({@code text}, {@code int}, {@code number}, {@code boolean},
 * {@code enum}, {@code media:audio|image|video}, {@code list:<type>}, {@code json}, {@code workflow}), whether it is
 * required, its default and its limits. Enough for a client to render the form and for the engine to validate.
 */
public record InputSpec(String type, boolean required, @JsonProperty("default") JsonNode defaultValue, List<String> options, Double min, Double max,
                        Integer maxLength, Integer maxItems, String label, String description) {
    public InputSpec {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
