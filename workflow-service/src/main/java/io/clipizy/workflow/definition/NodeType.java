package io.clipizy.workflow.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One entry of the node catalogue: its family, for generators the task kind it dispatches, its parameters and the
 * fields of its output ({@code "*"} when the output's shape is open, such as an LLM's JSON).
 */
public record NodeType(String name, NodeFamily family, String taskKind, String description,
                       Map<String, Param> params, List<String> outputs) {

    /** A parameter: its type, whether it must be given, and its default. */
    public record Param(String type, boolean required, @JsonProperty("default") JsonNode defaultValue, String description) {
    }

    public NodeType {
        params = params == null ? Map.of() : Map.copyOf(params);
        outputs = outputs == null ? List.of("*") : List.copyOf(outputs);
    }

    public boolean openOutput() {
        return outputs.contains("*");
    }
}
