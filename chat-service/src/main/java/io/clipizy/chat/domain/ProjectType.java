package io.clipizy.chat.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;

/** What a project makes; each type has its own workflows. */
public enum ProjectType {
    MUSIC_CLIP("music-clip"),
    VIDEO_EDIT("video-edit"),
    AUDIO_EDIT("audio-edit"),
    IMAGE_EDIT("image-edit"),
    CUSTOM("custom");

    private final String wire;

    ProjectType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ProjectType fromString(String value) {
        for (ProjectType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        throw new ContractViolationException("type", "unknown project type '" + value
                + "' (one of music-clip, video-edit, audio-edit, image-edit, custom)");
    }
}
