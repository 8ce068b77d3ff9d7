package io.clipizy.billing.persistence;

import io.clipizy.contracts.event.TaskEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The latest known state of each task, for usage analytics. */
@ApplicationScoped
public class TaskUsageRepository {

    /**
     * Stores the event's state unless the row already holds a state at least as new (by the task's event sequence), so
     * an event delivered late never takes a task back to an older status. Answers whether the row changed.
     */
    public Uni<Boolean> recordIfNewer(SqlConnection tx, TaskEvent e) {
        return tx.preparedQuery("INSERT INTO task_usage (task_id, owner_id, kind, provider, status, sequence) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) "
                        + "ON CONFLICT (task_id) DO UPDATE SET kind = EXCLUDED.kind, provider = EXCLUDED.provider, "
                        + "status = EXCLUDED.status, sequence = EXCLUDED.sequence, updated_at = now() "
                        // progress in the same status (most events) changes nothing billing reads: not written
                        + "WHERE task_usage.sequence < EXCLUDED.sequence AND (task_usage.status <> EXCLUDED.status "
                        + "OR task_usage.provider IS DISTINCT FROM EXCLUDED.provider "
                        + "OR task_usage.kind <> EXCLUDED.kind)")
                .execute(Tuple.from(new Object[]{e.taskId(), e.ownerId(), e.kind().wire(), e.provider(), e.status().wire(),
                        e.sequence()}))
                .map(rs -> rs.rowCount() == 1);
    }
}
