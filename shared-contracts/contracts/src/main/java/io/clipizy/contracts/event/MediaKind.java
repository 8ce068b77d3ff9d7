package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** What a media asset holds. */
public enum MediaKind {
    AUDIO("audio"),
    IMAGE("image"),
    VIDEO("video");

    private final String wire;

    MediaKind(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static MediaKind fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static MediaKind fromWire(String value) {
        for (MediaKind candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown MediaKind '" + value + "'");
    }
}
