package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Stable machine-readable failure codes of tasks and runs. */
public enum ErrorCode {
    PROVIDER_UNAVAILABLE("provider_unavailable"),
    PROVIDER_REJECTED("provider_rejected"),
    MODERATION("moderation"),
    TIMEOUT("timeout"),
    INVALID_INPUT("invalid_input"),
    INSUFFICIENT_CREDITS("insufficient_credits"),
    CANCELLED("cancelled"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static ErrorCode fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static ErrorCode fromWire(String value) {
        for (ErrorCode candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown ErrorCode '" + value + "'");
    }
}
