package io.clipizy.gateway.jobs;

import io.clipizy.contracts.event.TaskKind;

/** What a job makes: videos (task kind video_generation) or images (image_generation). */
public enum JobMedia {
    VIDEO("video", TaskKind.VIDEO_GENERATION),
    IMAGE("image", TaskKind.IMAGE_GENERATION);

    private final String wire;
    private final TaskKind kind;

    JobMedia(String wire, TaskKind kind) {
        this.wire = wire;
        this.kind = kind;
    }

    public String wire() {
        return wire;
    }

    public TaskKind taskKind() {
        return kind;
    }
}
