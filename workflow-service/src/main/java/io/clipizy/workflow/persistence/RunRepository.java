package io.clipizy.workflow.persistence;

import io.clipizy.kit.persistence.Rows;
import io.clipizy.contracts.event.RunStatus;
import io.clipizy.kit.web.Page;
import io.clipizy.workflow.domain.Run;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Workflow runs in PostgreSQL. */
@ApplicationScoped
public class RunRepository {
    private static final String COLUMNS = "id, owner_id, project_id, chat_id, workflow_id, workflow_version, status, "
            + "inputs::text AS inputs, output::text AS output, error::text AS error, estimated_credits, actual_credits, "
            + "created_at, updated_at, finished_at";

    public Uni<Run> find(SqlClient c, UUID id, String ownerId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM workflow_run WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, ownerId)).map(rs -> Rows.first(rs, RunRepository::map));
    }

    /** Locks the owner's run for a state change in the caller's transaction. */
    public Uni<Run> lock(SqlClient c, UUID id, String ownerId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM workflow_run WHERE id = $1 AND owner_id = $2 FOR UPDATE")
                .execute(Tuple.of(id, ownerId)).map(rs -> Rows.first(rs, RunRepository::map));
    }

    public Uni<Page<Run>> list(SqlClient c, String ownerId, UUID projectId, RunStatus status, int page, int size) {
        String where = "owner_id = $1 AND ($2::uuid IS NULL OR project_id = $2) AND ($3::text IS NULL OR status = $3)";
        Object[] args = {ownerId, projectId, status == null ? null : status.wire()};
        Uni<List<Run>> items = c.preparedQuery("SELECT " + COLUMNS + " FROM workflow_run WHERE " + where
                        + " ORDER BY created_at DESC, id LIMIT $4 OFFSET $5")
                .execute(Tuple.from(args).addInteger(size).addLong((long) page * size))
                .map(rs -> Rows.all(rs, RunRepository::map));
        Uni<Long> total = c.preparedQuery("SELECT count(*) FROM workflow_run WHERE " + where).execute(Tuple.from(args))
                .map(Rows::count);
        return Uni.combine().all().unis(items, total).with((list, n) -> new Page<>(list, page, size, n));
    }

    public Uni<Void> markCancelled(SqlClient c, UUID id) {
        return c.preparedQuery("UPDATE workflow_run SET status = 'CANCELLED', finished_at = now(), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    static Run map(Row r) {
        return new Run(r.getUUID("id"), r.getString("owner_id"), r.getUUID("project_id"), r.getUUID("chat_id"),
                r.getString("workflow_id"), r.getInteger("workflow_version"), RunStatus.fromWire(r.getString("status")),
                Rows.json(r, "inputs"), Rows.json(r, "output"), Rows.error(r, "error"), r.getLong("estimated_credits"),
                r.getLong("actual_credits"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"),
                Rows.instant(r, "finished_at"));
    }
}
