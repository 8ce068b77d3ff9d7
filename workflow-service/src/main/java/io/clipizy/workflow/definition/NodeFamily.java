package io.clipizy.workflow.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a node runs: a task on the gateway, a processor or util here, a pause for the person, or a child run. */
public enum NodeFamily {
    GENERATOR, PROCESSOR, UTIL, DISPLAY, SUBWORKFLOW;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static NodeFamily fromString(String value) {
        for (NodeFamily f : values()) {
            if (f.wire().equals(value)) {
                return f;
            }
        }
        throw new DefinitionException("unknown node family '" + value + "' (generator, processor, util, display, subworkflow)");
    }
}
