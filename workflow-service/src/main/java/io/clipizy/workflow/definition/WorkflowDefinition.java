package io.clipizy.workflow.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workflow: its identity, the project type it serves, its inputs (a form), its nodes and its output reference. */
public record WorkflowDefinition(String id, int version, String projectType, String title, String description,
                                 Map<String, InputSpec> inputs, List<NodeSpec> nodes, String output) {
    public WorkflowDefinition {
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    public NodeSpec node(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst().orElse(null);
    }
}
