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
