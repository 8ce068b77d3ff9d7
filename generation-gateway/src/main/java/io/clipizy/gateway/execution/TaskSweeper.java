package io.clipizy.gateway.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.domain.TaskRunState;
import io.clipizy.gateway.persistence.TaskRepository;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderRouter;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fails every unfinished task whose deadline passed with {@code timeout}, whichever instance ran it or whether one
 * still does, and cancels its provider job: nothing stays QUEUED or RUNNING forever, and a crashed instance's remote
 * jobs do not run on at the user's expense.
 */
@ApplicationScoped
public class TaskSweeper {
    private static final Logger LOG = Logger.getLogger(TaskSweeper.class);
    /** The longest one sweep may take: a batch of single-row updates, so far beyond what a healthy database needs. */
    private static final Duration SWEEP_LIMIT = Duration.ofMinutes(2);

    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    TaskExecutor executor;

    @Inject
    ProviderRouter router;

    @Inject
    ExecutionConfig config;

    @Scheduled(every = "{clipizy.tasks.sweep-every}", delayed = "{clipizy.tasks.sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return unitOfWork.read(c -> tasks.expired(c, config.sweepBatch()))
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                // one task that cannot be failed (its row or its event) is logged and skipped: the tasks behind it
                // in deadline order are still swept
                .onItem().transformToUniAndConcatenate(id -> expire(id)
                        .onFailure().invoke(f -> LOG.warnf("task %s: failing it past its deadline failed: %s", id,
                                f.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid()
                // a sweep that hangs (a lost connection, a lock) must not block every later one (they are skipped
                // while one runs)
                .ifNoItem().after(SWEEP_LIMIT).failWith(() -> new IllegalStateException("a sweep ran over " + SWEEP_LIMIT))
                .onFailure().invoke(f -> LOG.warnf("sweeping expired tasks failed: %s", f.toString()))
                .onFailure().recoverWithNull();
    }

    /** Fails one expired task (if it still is) and stops its work. */
    Uni<Void> expire(UUID id) {
        ErrorInfo error = new ErrorInfo(ErrorCode.TIMEOUT, "The task did not finish before its deadline; try again, "
                + "or ask for less work (a shorter or smaller result)", true);
        return unitOfWork.run(tx -> tasks.expire(tx, id, error)
                        .call(s -> s == null ? Uni.createFrom().voidItem() : outbox.append(tx, s.task().event())))
                .chain(expired -> {
                    if (expired == null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("task %s passed its deadline %s; failed with timeout", id, expired.task().deadline());
                    if (executor.runsHere(id)) {
                        executor.expired(id);
                    } else {
                        // the task has failed and said so; its provider job is cancelled beside the sweep, so a slow
                        // or unreachable provider (each cancel is cut at 30 s) does not hold up the tasks behind it
                        Uni.createFrom().deferred(() -> cancelRemote(expired)).subscribe().with(done -> { },
                                f -> LOG.warnf("task %s: cancelling its provider job failed: %s", id, f.toString()));
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> cancelRemote(TaskRunState expired) {
        if (!expired.reattachable()) {
            return Uni.createFrom().voidItem();
        }
        Provider provider = router.byName(expired.providerJob().provider()).orElse(null);
        if (provider == null) {
            return Uni.createFrom().voidItem();
        }
        Task t = expired.task();
        ProviderCall call = new ProviderCall(t.id(), t.ownerId(), t.projectId(), t.kind(),
                t.params() == null ? JsonNodeFactory.instance.objectNode() : t.params(), t.deadline(),
                executor.workDir(t.id()), NO_INPUTS, ProgressSink.NONE);
        return Uni.createFrom().deferred(() -> provider.cancel(call, expired.providerJob()))
                .ifNoItem().after(Duration.ofSeconds(30)).recoverWithItem(() -> null)
                .onFailure().invoke(f -> LOG.warnf("task %s: cancelling its %s job failed: %s", t.id(),
                        provider.name(), f.toString()))
                .onFailure().recoverWithNull();
    }

    private static final InputMedia NO_INPUTS = mediaId -> Uni.createFrom().failure(
            ProviderException.invalidInput("The task has ended; its inputs are no longer fetched"));
}
