package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Lifecycle of a workflow run. */
public enum RunStatus {
    RUNNING("RUNNING"),
    WAITING_INPUT("WAITING_INPUT"),
    SUCCEEDED("SUCCEEDED"),
    FAILED("FAILED"),
    CANCELLED("CANCELLED");

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static RunStatus fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static RunStatus fromWire(String value) {
        for (RunStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown RunStatus '" + value + "'");
    }

    /** True for SUCCEEDED, FAILED and CANCELLED: no further change follows. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
