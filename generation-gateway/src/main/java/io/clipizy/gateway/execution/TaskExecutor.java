package io.clipizy.gateway.execution;

import io.clipizy.gateway.clients.CreditReservations;
import io.clipizy.gateway.clients.MediaStore;
import io.clipizy.gateway.domain.TaskRunState;
import io.clipizy.gateway.persistence.TaskRepository;
import io.clipizy.gateway.provider.ProviderRouter;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the gateway's tasks, at most {@code clipizy.tasks.max-concurrent} at once on this instance. Tasks are claimed
 * from PostgreSQL (the oldest run's first, {@code FOR UPDATE SKIP LOCKED}), so several instances share the work and a task runs
 * on one of them: a QUEUED task becomes RUNNING when claimed; a RUNNING task whose instance stopped renewing its lease
 * (it crashed or restarted) is adopted and its stored provider job followed again, or started again when the job ran
 * inline. Claims are made at start-up, when a task is accepted or a slot frees up, and on every tick; each tick also
 * renews the leases of the tasks running here and stops those that were cancelled or swept meanwhile.
 */
@ApplicationScoped
public class TaskExecutor {
    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);

    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    ProviderRouter router;

    @Inject
    CreditReservations credits;

    @Inject
    MediaStore media;

    @Inject
    ExecutionConfig config;

    @Inject
    Vertx vertx;

    private final String executorId = "gateway-" + UUID.randomUUID();
    private final Map<UUID, TaskRun> active = new ConcurrentHashMap<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private volatile boolean again;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent start) {
        wake();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        new ArrayList<>(active.values()).forEach(TaskRun::detach);
        try {
            // another instance (or this one, restarted) takes the tasks over without waiting for the lease to run out
            unitOfWork.read(c -> tasks.releaseLeases(c, executorId)).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("could not give up the task leases at shutdown; they run out after %s: %s", config.lease(), e);
        }
    }

    /** Renews leases, stops tasks that ended elsewhere, and claims work; every {@code clipizy.tasks.tick}. */
    @Scheduled(every = "{clipizy.tasks.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        wake();
        List<UUID> ids = new ArrayList<>(active.keySet());
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return unitOfWork.read(c -> tasks.heartbeat(c, executorId, ids)).invoke(held -> {
            Set<UUID> still = new HashSet<>(held);
            for (UUID id : ids) {
                TaskRun run = active.get(id);
                if (!still.contains(id) && run != null) {
                    LOG.infof("task %s ended or moved elsewhere while running here; stopping it", id);
                    run.cancel();
                }
            }
        }).replaceWithVoid().onFailure().invoke(f -> LOG.warnf("renewing task leases failed: %s", f.toString()))
                .onFailure().recoverWithNull();
    }

    /** Claims as many waiting tasks as there are free slots; cheap to call often (calls coalesce). */
    public void wake() {
        if (stopping) {
            return;
        }
        again = true;
        if (claiming.compareAndSet(false, true)) {
            claimRound();
        }
    }

    /** The task was cancelled (its CANCELLED state committed): stops it here if it runs here. */
    public void cancelled(UUID taskId) {
        TaskRun run = active.get(taskId);
        if (run != null) {
            run.cancel();
        }
    }

    /** The task was failed by the sweeper: stops it here if it runs here, cancelling its provider job. */
    void expired(UUID taskId) {
        cancelled(taskId);
    }

    /** Whether the task is running on this instance. */
    public boolean runsHere(UUID taskId) {
        return active.containsKey(taskId);
    }

    /** The private work directory of a task (deleted when the task ends here). */
    public Path workDir(UUID taskId) {
        return Path.of(config.workDir()).resolve(taskId.toString());
    }

    /** This instance's name in the task table's {@code executor_id}. */
    public String executorId() {
        return executorId;
    }

    private void claimRound() {
        again = false;
        int free = config.maxConcurrent() - active.size();
        if (free <= 0) {
            claiming.set(false);
            return;
        }
        unitOfWork.run(tx -> tasks.claim(tx, executorId, config.lease(), free)
                        .call(claimed -> outbox.appendAll(tx, claimed.stream().filter(TaskRunState::started)
                                .map(c -> c.task().event()).toList())))
                .subscribe().with(claimed -> {
                    claimed.forEach(this::launch);
                    finishRound();
                }, failure -> {
                    LOG.warnf("claiming tasks failed; retrying at the next tick: %s", failure.toString());
                    claiming.set(false);
                });
    }

    private void finishRound() {
        claiming.set(false);
        if (again) {
            wake();
        }
    }

    private void launch(TaskRunState state) {
        TaskRun run = new TaskRun(this, state);
        if (active.putIfAbsent(state.task().id(), run) != null) {
            return;
        }
        if (!state.started()) {
            LOG.infof("task %s: adopted after its executor went away; %s", state.task().id(),
                    state.reattachable() ? "following its provider job again" : "starting it again");
        }
        run.start();
    }

    void finished(TaskRun run) {
        active.remove(run.taskId(), run);
        wake();
    }
}
