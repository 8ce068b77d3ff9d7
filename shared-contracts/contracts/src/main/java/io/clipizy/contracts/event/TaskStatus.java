package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Lifecycle of a task: QUEUED, RUNNING, then one of the terminal states. */
public enum TaskStatus {
    QUEUED("QUEUED"),
    RUNNING("RUNNING"),
    SUCCEEDED("SUCCEEDED"),
    FAILED("FAILED"),
    CANCELLED("CANCELLED");

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static TaskStatus fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static TaskStatus fromWire(String value) {
        for (TaskStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown TaskStatus '" + value + "'");
    }

    /** True for SUCCEEDED, FAILED and CANCELLED: no further change follows. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
