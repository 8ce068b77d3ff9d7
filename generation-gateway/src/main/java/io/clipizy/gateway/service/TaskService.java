package io.clipizy.gateway.service;

import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.ExecutionConfig;
import io.clipizy.gateway.execution.TaskExecutor;
import io.clipizy.gateway.persistence.TaskRepository;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.OutboxRelay;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Accepts tasks and changes their state. Every change is written together with its {@code TaskEvent} in the outbox,
 * in one transaction. Accepted tasks are handed to the {@link TaskExecutor} once their transaction committed.
 */
@ApplicationScoped
public class TaskService {
    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    TaskSubmissions submissions;

    @Inject
    OutboxRelay relay;

    @Inject
    TaskExecutor executor;

    @Inject
    ExecutionConfig config;

    /** Queues the requested task in the caller's transaction; a duplicate request (same task id) changes nothing. */
    public Uni<Void> accept(SqlConnection tx, GenerationRequested request) {
        Task task = Task.queued(request);
        return tasks.insertWithEvent(tx, task, config.defaultTimeout(), Outbox.values(task.event())).replaceWithVoid();
    }

    /**
     * Queues a task asked for directly over the API: the task row and its QUEUED event are one INSERT ... RETURNING
     * statement (atomic on its own, so no BEGIN/COMMIT round trips), shared with the submissions arriving at the same
     * time ({@link TaskSubmissions}), answered as stored once it committed. A request repeating an
     * existing task id (not one the API makes: it draws a random id) changes nothing and answers the stored task.
     */
    public Uni<Task> submit(GenerationRequested request) {
        Task task = Task.queued(request);
        return submissions.insert(task, Outbox.values(task.event()))
                .chain(inserted -> {
                    if (inserted == null) {
                        return unitOfWork.read(c -> tasks.find(c, request.taskId()));
                    }
                    relay.nudge(); // the event is committed: have the relay publish it now, not at its next poll
                    return Uni.createFrom().item(inserted);
                })
                .invoke(executor::wake);
    }

    public Uni<Task> get(String ownerId, UUID id) {
        return unitOfWork.read(c -> tasks.find(c, id)).map(t -> owned(t, ownerId));
    }

    public Uni<Page<Task>> list(String ownerId, TaskStatus status, TaskKind kind, UUID projectId, int page, int size) {
        return unitOfWork.read(c -> tasks.list(c, ownerId, status, kind, projectId, page, size));
    }

    /** Cancels the owner's task; 404 for another user's, 409 when it already ended. */
    public Uni<Task> cancel(String ownerId, UUID id) {
        return unitOfWork.run(tx -> tasks.find(tx, id).map(t -> owned(t, ownerId))
                .chain(t -> cancelInTransaction(tx, t.id(), ownerId, "Cancelled by the user"))
                .map(t -> {
                    if (t == null) {
                        throw new ProblemException(ProblemType.CONFLICT, "The task has already finished");
                    }
                    return t;
                }))
                .invoke(t -> executor.cancelled(t.id()));
    }

    /** Cancels the owner's task in the caller's transaction; answers null when it is unknown, not theirs or ended. */
    public Uni<Task> cancelInTransaction(SqlConnection tx, UUID id, String ownerId, String reason) {
        return tasks.cancel(tx, id, ownerId, reason == null ? "Cancelled" : reason)
                .call(t -> t == null ? Uni.createFrom().voidItem() : outbox.append(tx, t.event()));
    }

    private static Task owned(Task task, String ownerId) {
        if (task == null || !task.ownerId().equals(ownerId)) {
            throw ProblemException.notFound("Task");
        }
        return task;
    }
}
