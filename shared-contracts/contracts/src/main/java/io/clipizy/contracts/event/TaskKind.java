package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** The kinds of generative or analysis work the generation gateway runs. */
public enum TaskKind {
    TEXT_GENERATION("text_generation"),
    IMAGE_GENERATION("image_generation"),
    IMAGE_DESCRIPTION("image_description"),
    VIDEO_GENERATION("video_generation"),
    MUSIC_GENERATION("music_generation"),
    AUDIO_ANALYSIS("audio_analysis"),
    VIDEO_COMPOSITION("video_composition");

    private final String wire;

    TaskKind(String wire) {
        this.wire = wire;
    }

    /** The value as written in JSON. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** JAX-RS query and path parameters convert through this (the spec prefers fromString for enums). */
    public static TaskKind fromString(String value) {
        return fromWire(value);
    }

    @JsonCreator
    public static TaskKind fromWire(String value) {
        for (TaskKind candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new ContractViolationException(null, "unknown TaskKind '" + value + "'");
    }
}
