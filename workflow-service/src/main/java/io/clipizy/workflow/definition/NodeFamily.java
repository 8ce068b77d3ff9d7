package io.clipizy.workflow.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a node runs: a task on the gateway, a processor or util inside this service, or a pause for the person. */
public enum NodeFamily {
    GENERATOR, PROCESSOR, UTIL, DISPLAY;

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
        throw new DefinitionException("unknown node family '" + value + "' (generator, processor, util, display)");
    }
}
