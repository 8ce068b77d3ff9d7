package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A job as its owner sees it: the request, the overall status and progress, each variant's task, and the generations
 * (output media ids) with the URLs to read them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobView(UUID id, String media, TaskStatus status, double progress, String prompt, int nVariants,
                      Double nSeconds, int width, int height, String provider, Instant createdAt, Instant finishedAt,
                      List<Variant> variants, List<Generation> generations, String failureReason) {

    /** One variant: its task and where it stands. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Variant(int index, UUID taskId, TaskStatus status, double progress, String message, String provider,
                          ErrorInfo error) {
    }

    /** One produced media: its id (the generation id), the variant that made it and where to read it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Generation(UUID id, int variant, String contentType, String contentUrl, String gifUrl) {
    }

    static JobView of(VideoJob job, List<JobTask> tasks) {
        Map<UUID, JobTask> byId = tasks.stream().collect(Collectors.toMap(JobTask::id, Function.identity()));
        List<Variant> variants = new ArrayList<>();
        List<Generation> generations = new ArrayList<>();
        List<TaskStatus> statuses = new ArrayList<>();
        double progress = 0;
        Instant finished = null;
        boolean allEnded = true;
        String failure = null;
        for (int i = 0; i < job.taskIds().size(); i++) {
            JobTask task = byId.get(job.taskIds().get(i));
            if (task == null) {
                continue;
            }
            statuses.add(task.status());
            progress += task.status() == TaskStatus.SUCCEEDED ? 1 : task.progress();
            allEnded &= task.status().terminal();
            if (task.finishedAt() != null && (finished == null || task.finishedAt().isAfter(finished))) {
                finished = task.finishedAt();
            }
            if (failure == null && task.error() != null) {
                failure = task.error().code().wire() + ": " + task.error().message();
            }
            variants.add(new Variant(i, task.id(), task.status(), task.progress(), task.message(), task.provider(),
                    task.error()));
            for (TaskOutput output : task.outputs().stream().sorted(Comparator.comparingInt(TaskOutput::index)).toList()) {
                generations.add(generation(job, i, output));
            }
        }
        TaskStatus status = statuses.isEmpty() ? TaskStatus.CANCELLED : JobStatus.of(statuses);
        return new JobView(job.id(), job.media().wire(), status, statuses.isEmpty() ? 0 : progress / statuses.size(),
                job.prompt(), job.nVariants(), job.nSeconds(), job.width(), job.height(), job.provider(), job.createdAt(),
                allEnded ? finished : null, variants, generations, status == TaskStatus.FAILED ? failure : null);
    }

    private static Generation generation(VideoJob job, int variant, TaskOutput output) {
        if (job.media() == JobMedia.VIDEO) {
            String content = "/api/v1/videos/generations/" + output.mediaId() + "/content";
            return new Generation(output.mediaId(), variant, output.contentType(), content + "?as_gif=false",
                    content + "?as_gif=true");
        }
        return new Generation(output.mediaId(), variant, output.contentType(),
                "/api/media/" + output.mediaId() + "/content", null);
    }
}
