package io.clipizy.workflow.engine;

import io.clipizy.kit.outbox.UnitOfWork;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves runs along when no event will: retries whose backoff is over, runs past their deadline, and — at start-up,
 * through the same query — every unfinished run, so a restart resumes them (a pass is idempotent).
 */
@ApplicationScoped
public class RunSweeper {
    private static final Logger LOG = Logger.getLogger(RunSweeper.class);

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    RunEngine engine;

    private volatile boolean recovered;

    @Scheduled(every = "${clipizy.workflow.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "2s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        if (!recovered) {
            return recoverAll().invoke(() -> recovered = true);
        }
        return advanceAll("SELECT DISTINCT r.id FROM workflow_run r LEFT JOIN node_execution n ON n.run_id = r.id "
                + "WHERE r.status IN ('RUNNING', 'WAITING_INPUT') AND (r.deadline < now() "
                + "OR (n.status = 'PENDING' AND n.task_id IS NULL AND n.not_before <= now())) LIMIT 200");
    }

    /**
     * What a (re)start does: every unfinished run gets a pass. The engine keeps nothing in memory, so this is all a
     * restart needs; a pass over a run that is already where it should be changes nothing.
     */
    public Uni<Void> recoverAll() {
        return advanceAll("SELECT id FROM workflow_run WHERE status IN ('RUNNING', 'WAITING_INPUT')");
    }

    private Uni<Void> advanceAll(String query) {
        return unitOfWork.read(c -> c.query(query).execute())
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map((Row r) -> r.getUUID(0))
                .onItem().transformToUniAndConcatenate(this::advance)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> advance(UUID runId) {
        return unitOfWork.run(tx -> engine.advance(tx, runId))
                .onFailure().invoke(e -> LOG.warnf("Could not advance run %s: %s", runId, e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
