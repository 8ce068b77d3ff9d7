package io.clipizy.gateway.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job row: what was asked, by whom, and its tasks in variant order. */
public record VideoJob(UUID id, String ownerId, JobMedia media, String prompt, int nVariants, Double nSeconds, int width,
                       int height, String provider, List<UUID> taskIds, Instant createdAt) {
    public VideoJob {
        taskIds = List.copyOf(taskIds);
    }

    /** The deterministic id of the task of one variant, so a job's tasks can never be created twice. */
    public static UUID taskId(UUID jobId, int variant) {
        return UUID.nameUUIDFromBytes((jobId + "/variant/" + variant).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
