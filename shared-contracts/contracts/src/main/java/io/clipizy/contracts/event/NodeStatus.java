package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Lifecycle of one node of a workflow run. */
public enum NodeStatus {
    PENDING("PENDING"),
    RUNNING("RUNNING"),
    WAITING_INPUT("WAITING_INPUT"),
    SUCCEEDED("SUCCEEDED"),
    FAILED("FAILED"),
    SKIPPED("SKIPPED"),
    CANCELLED("CANCELLED");

    private final String wire;

    NodeStatus(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static NodeStatus fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static NodeStatus fromWire(String value) {
        for (NodeStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown NodeStatus '" + value + "'");
    }
}
