package io.clipizy.chat.persistence;

import io.clipizy.kit.persistence.Rows;
import io.clipizy.chat.domain.Chat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Chats in PostgreSQL; a chat of a deleted project is gone with it. */
@ApplicationScoped
public class ChatRepository {
    private static final String COLUMNS = "c.id, c.project_id, c.owner_id, c.title, c.status, c.active_run_id, c.created_at, c.updated_at";

    public Uni<Chat> insert(SqlClient c, Chat chat) {
        return c.preparedQuery("INSERT INTO chat AS c (id, project_id, owner_id, title) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS)
                .execute(Tuple.of(chat.id(), chat.projectId(), chat.ownerId(), chat.title()))
                .map(rs -> Rows.first(rs, ChatRepository::map));
    }

    public Uni<Chat> find(SqlClient c, UUID id, String ownerId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM chat c JOIN project p ON p.id = c.project_id "
                        + "WHERE c.id = $1 AND c.owner_id = $2 AND p.deleted_at IS NULL")
                .execute(Tuple.of(id, ownerId)).map(rs -> Rows.first(rs, ChatRepository::map));
    }

    public Uni<List<Chat>> listForProject(SqlClient c, UUID projectId, String ownerId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM chat c WHERE c.project_id = $1 AND c.owner_id = $2 ORDER BY c.created_at")
                .execute(Tuple.of(projectId, ownerId)).map(rs -> Rows.all(rs, ChatRepository::map));
    }

    /**
     * Records a run's state on its chat unless a later event was already applied (events of a run are ordered per run,
     * but a chat may see an older run's late events); answers the updated chat, or null when nothing changed.
     */
    public Uni<Chat> applyRunStatus(SqlClient c, UUID chatId, String ownerId, UUID runId, String status, Instant at) {
        return c.preparedQuery("UPDATE chat AS c SET status = $4, run_status = $4, active_run_id = $3, run_event_at = $5, updated_at = now() "
                        + "WHERE c.id = $1 AND c.owner_id = $2 AND (c.run_event_at IS NULL OR c.run_event_at <= $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(chatId, ownerId, runId, status, at.atOffset(ZoneOffset.UTC)))
                .map(rs -> Rows.first(rs, ChatRepository::map));
    }

    /** Sets the chat's shown status when it differs; answers the chat, or null when nothing changed. */
    public Uni<Chat> setStatus(SqlClient c, UUID chatId, String ownerId, String status) {
        return c.preparedQuery("UPDATE chat AS c SET status = $3, updated_at = now() WHERE c.id = $1 AND c.owner_id = $2 "
                        + "AND c.status <> $3 RETURNING " + COLUMNS)
                .execute(Tuple.of(chatId, ownerId, status)).map(rs -> Rows.first(rs, ChatRepository::map));
    }

    private static Chat map(Row r) {
        return new Chat(r.getUUID("id"), r.getUUID("project_id"), r.getString("owner_id"), r.getString("title"),
                r.getString("status"), r.getUUID("active_run_id"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
    }
}
