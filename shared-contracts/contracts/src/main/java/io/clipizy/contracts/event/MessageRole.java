package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Who wrote a chat message. */
public enum MessageRole {
    USER("user"),
    ASSISTANT("assistant"),
    SYSTEM("system");

    private final String wire;

    MessageRole(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static MessageRole fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static MessageRole fromWire(String value) {
        for (MessageRole candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown MessageRole '" + value + "'");
    }
}
