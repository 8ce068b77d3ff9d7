package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.service.TaskService;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Jobs of the video jobs API on top of tasks. A job of n variants is one job row and n tasks, one per variant, all
 * written in one transaction with their QUEUED events (through {@link TaskService#accept}, the transactional half of
 * {@code submit}): each variant then has its own provider job, progress, retries, failure, cancel and credit
 * reservation, exactly like any other task, and a job is never half-created.
 */
@ApplicationScoped
public class JobService {
    @Inject
    JobRepository jobs;

    @Inject
    TaskService tasks;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    @Any
    Instance<Provider> providers;

    public Uni<JobView> createVideo(String ownerId, VideoJobRequest request) {
        request.validate();
        checkProvider(request.provider(), JobMedia.VIDEO);
        UUID id = UUID.randomUUID();
        return create(new VideoJob(id, ownerId, JobMedia.VIDEO, request.prompt().strip(), request.variants(),
                request.seconds(), request.widthOrDefault(), request.heightOrDefault(), request.provider(),
                taskIds(id, request.variants()), Instant.now()), null);
    }

    public Uni<JobView> createImages(String ownerId, ImageRequest request) {
        request.validate();
        checkProvider(request.provider(), JobMedia.IMAGE);
        UUID id = UUID.randomUUID();
        return create(new VideoJob(id, ownerId, JobMedia.IMAGE, request.prompt().strip(), request.images(), null,
                request.widthOrDefault(), request.heightOrDefault(), request.provider(), taskIds(id, request.images()),
                Instant.now()), request.style());
    }

    public Uni<JobView> get(String ownerId, JobMedia media, UUID id) {
        return unitOfWork.read(c -> jobs.find(c, ownerId, media, id).chain(job -> {
            if (job == null) {
                throw ProblemException.notFound(what(media));
            }
            return view(c, job);
        }));
    }

    public Uni<Page<JobView>> list(String ownerId, JobMedia media, TaskStatus status, int page, int size) {
        return unitOfWork.read(c -> jobs.list(c, ownerId, media, status, page, size).chain(p -> {
            List<UUID> ids = p.items().stream().flatMap(j -> j.taskIds().stream()).toList();
            return jobs.tasks(c, ownerId, ids).map(all -> new Page<>(p.items().stream()
                    .map(j -> JobView.of(j, all)).toList(), p.page(), p.size(), p.total()));
        }));
    }

    /** Cancels the job's unfinished variants (their CANCELLED events go out) and deletes the job; 404 when not theirs. */
    public Uni<Void> delete(String ownerId, JobMedia media, UUID id) {
        return unitOfWork.run(tx -> jobs.find(tx, ownerId, media, id).chain(job -> {
            if (job == null) {
                throw ProblemException.notFound(what(media));
            }
            return cancelAll(tx, ownerId, job.taskIds()).chain(() -> jobs.delete(tx, ownerId, media, id));
        })).replaceWithVoid();
    }

    /** Deletes every job of the caller that FAILED; answers their ids. */
    public Uni<List<UUID>> deleteFailed(String ownerId, JobMedia media) {
        return unitOfWork.run(tx -> jobs.deleteFailed(tx, ownerId, media));
    }

    /** The caller's video job that produced this generation (media id); 404 otherwise. */
    public Uni<VideoJob> jobOfGeneration(String ownerId, UUID generationId) {
        return unitOfWork.read(c -> jobs.findByGeneration(c, ownerId, JobMedia.VIDEO, generationId)).map(job -> {
            if (job == null) {
                throw ProblemException.notFound("Generation");
            }
            return job;
        });
    }

    private Uni<JobView> create(VideoJob job, String style) {
        return unitOfWork.run(tx -> jobs.insert(tx, job)
                .chain(() -> acceptAll(tx, job, style))
                .chain(() -> view(tx, job)));
    }

    private Uni<Void> acceptAll(SqlConnection tx, VideoJob job, String style) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < job.nVariants(); i++) {
            GenerationRequested request = GenerationRequested.of(job.ownerId(), null, null, null, null, i,
                    job.taskIds().get(i), job.media().taskKind(), job.provider(), params(job, i, style), null, 1);
            chain = chain.chain(() -> tasks.accept(tx, request));
        }
        return chain;
    }

    private static ObjectNode params(VideoJob job, int variant, String style) {
        ObjectNode params = JsonCodec.mapper().createObjectNode()
                .put("prompt", job.prompt())
                .put("width", job.width())
                .put("height", job.height())
                .put("variant", variant)
                .put("seed", Math.floorMod(job.id().getLeastSignificantBits() + variant, 1L << 31))
                .put("jobId", job.id().toString());
        if (job.nSeconds() != null) {
            params.put("seconds", job.nSeconds());
        }
        if (style != null) {
            params.put("style", style);
        }
        return params;
    }

    private Uni<Void> cancelAll(SqlConnection tx, String ownerId, List<UUID> taskIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID taskId : taskIds) {
            chain = chain.chain(() -> tasks.cancelInTransaction(tx, taskId, ownerId, "The job was deleted").replaceWithVoid());
        }
        return chain;
    }

    private Uni<JobView> view(SqlClient client, VideoJob job) {
        return jobs.tasks(client, job.ownerId(), job.taskIds()).map(list -> JobView.of(job, list));
    }

    /** A named provider must exist and do the job's kind: a typo is a 400 naming the choices, not a failed task later. */
    private void checkProvider(String name, JobMedia media) {
        if (name == null) {
            return;
        }
        Set<String> able = new LinkedHashSet<>();
        for (Provider provider : providers) {
            if (provider.kinds().contains(media.taskKind())) {
                able.add(provider.name());
                if (provider.name().equals(name)) {
                    return;
                }
            }
        }
        List<Problem.FieldViolation> errors = new ArrayList<>();
        errors.add(new Problem.FieldViolation("provider", able.isEmpty()
                ? "no provider can make " + media.wire() + "s in this gateway"
                : "must be one of " + String.join(", ", able)));
        throw new ProblemException(ProblemType.VALIDATION, "provider: unknown provider '" + name + "' for "
                + media.taskKind().wire(), errors);
    }

    private static List<UUID> taskIds(UUID jobId, int variants) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < variants; i++) {
            ids.add(VideoJob.taskId(jobId, i));
        }
        return ids;
    }

    private static String what(JobMedia media) {
        return media == JobMedia.VIDEO ? "Video job" : "Image";
    }
}
