package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node that runs inside the workflow service: deterministic and fast, a pure function of its resolved parameters
 * (defaults applied). It throws {@link ProcessorException} for parameters it cannot use.
 */
public interface Processor {
    /** The catalogue name of the node type this implements. */
    String name();

    JsonNode run(JsonNode params);
}
