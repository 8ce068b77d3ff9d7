package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** Why a media asset exists. */
public enum MediaRole {
    UPLOAD("upload"),
    REFERENCE("reference"),
    GENERATED("generated"),
    FINAL("final"),
    THUMBNAIL("thumbnail"),
    WAVEFORM("waveform");

    private final String wire;

    MediaRole(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static MediaRole fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static MediaRole fromWire(String value) {
        for (MediaRole candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown MediaRole '" + value + "'");
    }
}
