package io.clipizy.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.domain.TaskRunState;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One task running on this instance: reserve its credits, start it on the first provider that takes it (the next one
 * after a retryable failure), store the job before following it, store its outputs through media-service, and end it
 * SUCCEEDED or FAILED with a typed error. Every state change is guarded in SQL (this executor's RUNNING task only), so
 * a task cancelled or swept meanwhile is never overwritten; a cancel stops the follow, cancels the provider job and
 * deletes the work directory.
 */
final class TaskRun {
    private static final Logger LOG = Logger.getLogger(TaskRun.class);
    /** Share of the progress bar for the provider's work; the rest is reserving before and storing after. */
    private static final double WORK_FROM = 0.02;
    private static final double WORK_TO = 0.95;

    private final TaskExecutor ex;
    private final TaskRunState state;
    private final Task task;
    private final Path workDir;
    private final ProgressThrottle progress;
    private final AtomicBoolean ended = new AtomicBoolean();

    private volatile boolean stopped;
    /** While a provider submits the job: a cancel then waits for its id, so the job can be cancelled too. */
    private volatile boolean starting;
    private volatile Cancellable subscription;
    private volatile Provider provider;
    private volatile ProviderJob job;
    private volatile ProviderCall call;

    TaskRun(TaskExecutor ex, TaskRunState state) {
        this.ex = ex;
        this.state = state;
        this.task = state.task();
        this.workDir = ex.workDir(task.id());
        this.progress = new ProgressThrottle(ex.vertx, ex.config.progressInterval(), this::writeProgress);
    }

    UUID taskId() {
        return task.id();
    }

    void start() {
        subscription = prepareWorkDir().chain(this::execute)
                .subscribe().with(ok -> end(), failure -> {
                    LOG.errorf(failure, "task %s: the executor failed", task.id());
                    end();
                });
    }

    /** The task was cancelled (or failed by the sweeper): stop following, cancel the provider job, clean up. */
    void cancel() {
        if (stopped) {
            return;
        }
        stopped = true;
        progress.discard();
        if (starting) {
            // the submission finishes, sees the cancel, cancels the job it got and ends the run
            return;
        }
        Cancellable running = subscription;
        if (running != null) {
            running.cancel();
        }
        cancelProviderJob().subscribe().with(ok -> end(), failure -> end());
    }

    /** This instance is shutting down: stop following without cancelling remote jobs (another instance re-attaches). */
    void detach() {
        stopped = true;
        progress.discard();
        Cancellable running = subscription;
        if (running != null) {
            running.cancel();
        }
        ProviderJob current = job;
        if (current == null || current.isInline()) {
            cancelProviderJob().subscribe().with(ok -> end(), failure -> end());
        } else {
            end();
        }
    }

    // ------------------------------------------------------------------ the steps

    private Uni<Void> execute() {
        Uni<ProviderResult> work = Uni.createFrom().deferred(() -> state.reattachable() ? reattach() : fresh());
        Duration left = Duration.between(Instant.now(), task.deadline() == null ? Instant.MAX : task.deadline());
        if (task.deadline() != null) {
            work = left.isNegative() || left.isZero() ? Uni.createFrom().failure(deadlinePassed())
                    : work.ifNoItem().after(left).failWith(this::deadlinePassed);
        }
        return work.chain(this::store).onFailure().recoverWithUni(this::fail);
    }

    private Uni<ProviderResult> fresh() {
        List<Provider> candidates = ex.router.route(task.kind(), state.requestedProvider());
        progress.report(0, "Reserving credits");
        return ex.credits.reserve(task, BillingQuantity.of(task.kind(), task.params()))
                .call(reservation -> ex.unitOfWork.read(c -> ex.tasks.reserved(c, task.id(), ex.executorId(),
                        reservation.credits())))
                .chain(() -> attempt(candidates, 0));
    }

    private Uni<ProviderResult> attempt(List<Provider> candidates, int index) {
        Provider chosen = candidates.get(index);
        provider = chosen;
        call = newCall(chosen);
        job = null;
        starting = true;
        return Uni.createFrom().deferred(() -> chosen.start(call))
                .onFailure().invoke(() -> starting = false)
                .call(started -> {
                    job = started;
                    starting = false;
                    if (stopped) {
                        throw new Lost();
                    }
                    return ex.unitOfWork.read(c -> ex.tasks.started(c, task.id(), ex.executorId(), started))
                            .invoke(held -> {
                                if (!held) {
                                    throw new Lost();
                                }
                            });
                })
                .chain(started -> chosen.follow(call, started))
                .onFailure(failure -> retryable(failure) && index + 1 < candidates.size() && !stopped)
                .recoverWithUni(failure -> {
                    LOG.infof("task %s: %s failed (%s); trying %s", task.id(), chosen.name(), failure.getMessage(),
                            candidates.get(index + 1).name());
                    return cancelProviderJob().chain(this::resetWorkDir).chain(() -> attempt(candidates, index + 1));
                });
    }

    private Uni<ProviderResult> reattach() {
        ProviderJob stored = state.providerJob();
        Provider chosen = ex.router.byName(stored.provider()).orElse(null);
        if (chosen == null) {
            return Uni.createFrom().failure(new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "The provider '"
                    + stored.provider() + "' that ran this task is no longer part of this gateway", false, null, null));
        }
        provider = chosen;
        job = stored;
        call = newCall(chosen);
        progress.report(WORK_FROM + (WORK_TO - WORK_FROM) * task.progress(), "Resuming after a restart");
        return chosen.follow(call, stored);
    }

    private Uni<Void> store(ProviderResult result) {
        List<ProviderResult.Output> outputs = result.outputs();
        if (outputs.isEmpty() && result.result() == null) {
            return Uni.createFrom().failure(new ProviderException(ErrorCode.PROVIDER_REJECTED, "The provider "
                    + provider.name() + " finished without producing anything", false, null, null));
        }
        Uni<List<TaskOutput>> stored = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < outputs.size(); i++) {
            int index = i;
            ProviderResult.Output output = outputs.get(i);
            stored = stored.call(list -> {
                progress.report(WORK_TO + (1 - WORK_TO) * index / outputs.size(), outputs.size() == 1
                        ? "Saving the result" : "Saving result " + (index + 1) + " of " + outputs.size());
                return ex.media.store(task, index, output).invoke(media -> list.add(new TaskOutput(index,
                        media.assetId(), media.kind(), media.contentType())));
            });
        }
        return stored.chain(list -> succeed(list, result.result()));
    }

    private Uni<Void> succeed(List<TaskOutput> outputs, JsonNode result) {
        return progress.close().chain(() -> ex.unitOfWork.run(tx -> ex.tasks.succeed(tx, task.id(), ex.executorId(),
                outputs, result).call(t -> t == null ? Uni.createFrom().voidItem() : ex.outbox.append(tx, t.event()))))
                .replaceWithVoid();
    }

    private Uni<Void> fail(Throwable failure) {
        if (stopped || failure instanceof Lost) {
            stopped = true;
            return cancelProviderJob();
        }
        ErrorInfo error = errorOf(failure);
        Uni<Void> stopJob = error.code() == ErrorCode.TIMEOUT ? cancelProviderJob() : Uni.createFrom().voidItem();
        return stopJob.chain(progress::close).chain(() -> ex.unitOfWork.run(tx -> ex.tasks.fail(tx, task.id(),
                        ex.executorId(), error).call(t -> t == null ? Uni.createFrom().voidItem()
                        : ex.outbox.append(tx, t.event()))))
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ helpers

    private ProviderCall newCall(Provider chosen) {
        return new ProviderCall(task.id(), task.ownerId(), task.projectId(), task.kind(), task.params(),
                task.deadline(), workDir, ex.media.inputsFor(task, workDir),
                (fraction, message) -> progress.report(WORK_FROM + (WORK_TO - WORK_FROM)
                        * Math.max(0, Math.min(1, fraction)), message == null || message.isBlank()
                        ? "Working on " + chosen.name() : message));
    }

    private Uni<Void> writeProgress(double fraction, String message) {
        if (stopped) {
            return Uni.createFrom().voidItem();
        }
        return ex.unitOfWork.run(tx -> ex.tasks.progress(tx, task.id(), ex.executorId(), fraction, message)
                        .call(t -> t == null ? Uni.createFrom().voidItem() : ex.outbox.append(tx, t.event())))
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.debugf("task %s: progress not written: %s", task.id(), f.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> cancelProviderJob() {
        Provider current = provider;
        ProviderCall currentCall = call;
        if (current == null || currentCall == null) {
            return Uni.createFrom().voidItem();
        }
        ProviderJob currentJob = job == null ? ProviderJob.inline(current.name()) : job;
        return Uni.createFrom().deferred(() -> current.cancel(currentCall, currentJob))
                .ifNoItem().after(Duration.ofSeconds(30)).recoverWithItem(() -> null)
                .onFailure().invoke(f -> LOG.warnf("task %s: cancelling its job on %s failed: %s", task.id(),
                        current.name(), f.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> prepareWorkDir() {
        return resetWorkDir();
    }

    private Uni<Void> resetWorkDir() {
        return Uni.createFrom().item(() -> {
            delete(workDir);
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new ProviderException(ErrorCode.INTERNAL, "Cannot create the task's work directory: "
                        + e.getMessage(), true, null, e);
            }
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Once: deletes the work directory and frees the slot. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            delete(workDir);
            ex.finished(this);
        });
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("cannot clean %s: %s", dir, e.getMessage());
        }
    }

    private ProviderException deadlinePassed() {
        return ProviderException.timeout("The task did not finish before its deadline (" + task.deadline()
                + "); try again, or ask for less work (a shorter or smaller result)");
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof ProviderException p && p.retryable();
    }

    /** The task's error for a failure: typed when it is one of ours, {@code internal} (logged) otherwise. */
    private ErrorInfo errorOf(Throwable failure) {
        if (failure instanceof ProviderException p) {
            return new ErrorInfo(p.code(), message(p.getMessage(), p.code()), p.retryable());
        }
        if (failure instanceof LocalEngineException e) {
            return new ErrorInfo(e.code(), message(e.getMessage(), e.code()), e.code() == ErrorCode.INTERNAL);
        }
        if (failure instanceof ContractViolationException e) {
            return new ErrorInfo(ErrorCode.INVALID_INPUT, message(e.getMessage(), ErrorCode.INVALID_INPUT), false);
        }
        LOG.errorf(failure, "task %s failed unexpectedly", task.id());
        return new ErrorInfo(ErrorCode.INTERNAL, "The gateway failed unexpectedly while running this task; try again",
                true);
    }

    private static String message(String text, ErrorCode code) {
        return text == null || text.isBlank() ? "The task failed (" + code.wire() + ")" : text;
    }

    /** The task is no longer this executor's RUNNING task (cancelled, swept or adopted elsewhere). */
    private static final class Lost extends RuntimeException {
        Lost() {
            super("The task is no longer running here", null, false, false);
        }
    }
}
