package io.clipizy.workflow.service;

import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunStatus;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.workflow.domain.NodeExecution;
import io.clipizy.workflow.domain.Run;
import io.clipizy.workflow.persistence.NodeRepository;
import io.clipizy.workflow.persistence.RunRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading runs and cancelling them; a cancel also cancels the run's unfinished tasks (and so releases their credits). */
@ApplicationScoped
public class RunService {
    @Inject
    RunRepository runs;

    @Inject
    NodeRepository nodes;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Outbox outbox;

    /** A run and its node executions. */
    public record RunDetail(Run run, List<NodeExecution> nodes) {
    }

    public Uni<RunDetail> get(String ownerId, UUID id) {
        return unitOfWork.read(c -> runs.find(c, id, ownerId).map(RunService::found)
                .chain(run -> nodes.forRun(c, id).map(list -> new RunDetail(run, list))));
    }

    public Uni<Page<Run>> list(String ownerId, UUID projectId, RunStatus status, int page, int size) {
        return unitOfWork.read(c -> runs.list(c, ownerId, projectId, status, page, size));
    }

    /**
     * Cancels the owner's unfinished run: the run and its unfinished nodes become CANCELLED, each dispatched task gets
     * a TaskCancelRequested, and RunCancelled is published — all in one transaction. 409 when the run already ended.
     */
    public Uni<RunDetail> cancel(String ownerId, UUID id, String reason) {
        return unitOfWork.run(tx -> runs.lock(tx, id, ownerId).map(RunService::found).chain(run -> {
            if (run.status().terminal()) {
                throw new ProblemException(ProblemType.CONFLICT, "The run has already ended (" + run.status().wire() + ")");
            }
            return nodes.cancelUnfinished(tx, id).chain(cancelled -> {
                List<Message> records = new ArrayList<>();
                for (NodeExecution node : cancelled) {
                    if (node.taskId() != null) {
                        records.add(TaskCancelRequested.of(ownerId, node.taskId(), id, reason));
                    }
                }
                records.add(RunCancelled.of(ownerId, run.projectId(), run.chatId(), id, reason));
                return runs.markCancelled(tx, id).chain(() -> outbox.appendAll(tx, records));
            }).chain(() -> runs.find(tx, id, ownerId)).chain(updated -> nodes.forRun(tx, id).map(list -> new RunDetail(updated, list)));
        }));
    }


    private static Run found(Run run) {
        if (run == null) {
            throw ProblemException.notFound("Run");
        }
        return run;
    }
}
