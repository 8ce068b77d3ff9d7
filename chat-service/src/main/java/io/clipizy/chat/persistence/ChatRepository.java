package io.clipizy.chat.persistence;

import io.clipizy.kit.persistence.Rows;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.chat.assistant.AssistantState;
import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MessageRole;
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
    private static final TypeReference<List<UUID>> UUIDS = new TypeReference<>() {
    };
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

    /**
     * What posting a message to a chat needs, read in one statement: the chat (the owner's, its project not deleted),
     * its project, the assistant's state in it (null before its first answer) and the message already posted with the
     * same client message id (null when none or no id was given). The project comes without its status: the status is
     * derived from all of the project's chats' runs, and posting a message never reads it.
     */
    public record Posting(Chat chat, Project project, AssistantState state, ChatMessage existing) {
    }

    private static final String POSTING = "SELECT " + COLUMNS + ", p.type AS p_type, p.name AS p_name, p.description AS p_description, "
            + "p.settings::text AS p_settings, p.cover_media_id AS p_cover_media_id, p.created_at AS p_created_at, "
            + "p.updated_at AS p_updated_at, s.phase AS s_phase, s.workflow_id AS s_workflow_id, s.inputs::text AS s_inputs, "
            + "s.pending_field AS s_pending_field, s.run_id AS s_run_id, s.awaiting_node AS s_awaiting_node, "
            + "s.awaiting::text AS s_awaiting, m.id AS m_id, m.role AS m_role, m.text AS m_text, m.attachments::text AS m_attachments, "
            + "m.actions::text AS m_actions, m.created_at AS m_created_at "
            + "FROM chat c JOIN project p ON p.id = c.project_id AND p.owner_id = c.owner_id AND p.deleted_at IS NULL "
            + "LEFT JOIN assistant_state s ON s.chat_id = c.id "
            + "LEFT JOIN message m ON m.chat_id = c.id AND m.client_message_id = $3 "
            + "WHERE c.id = $1 AND c.owner_id = $2";

    /** {@link Posting} for the chat; null when it is not the owner's or its project was deleted. */
    public Uni<Posting> findForPosting(SqlClient c, UUID id, String ownerId, String clientMessageId) {
        return c.preparedQuery(POSTING).execute(Tuple.of(id, ownerId, clientMessageId)).map(rs -> Rows.first(rs, r -> {
            Chat chat = map(r);
            Project project = new Project(chat.projectId(), chat.ownerId(), ProjectType.fromString(r.getString("p_type")),
                    r.getString("p_name"), r.getString("p_description"), Rows.json(r, "p_settings"), null,
                    r.getUUID("p_cover_media_id"), Rows.instant(r, "p_created_at"), Rows.instant(r, "p_updated_at"));
            String phase = r.getString("s_phase");
            String awaiting = r.getString("s_awaiting");
            AssistantState state = phase == null ? null : new AssistantState(chat.id(), chat.ownerId(), phase,
                    r.getString("s_workflow_id"), (ObjectNode) JsonCodec.decode(r.getString("s_inputs"), JsonNode.class),
                    r.getString("s_pending_field"), r.getUUID("s_run_id"), r.getString("s_awaiting_node"),
                    awaiting == null ? null : JsonCodec.decode(awaiting, JsonNode.class));
            UUID existing = r.getUUID("m_id");
            ChatMessage message = existing == null ? null : new ChatMessage(existing, chat.id(), chat.ownerId(),
                    MessageRole.fromWire(r.getString("m_role")), r.getString("m_text"),
                    uuids(r.getString("m_attachments")), Rows.json(r, "m_actions"), clientMessageId,
                    Rows.instant(r, "m_created_at"));
            return new Posting(chat, project, state, message);
        }));
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

    private static List<UUID> uuids(String json) {
        try {
            return JsonCodec.mapper().readValue(json, UUIDS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Chat map(Row r) {
        return new Chat(r.getUUID("id"), r.getUUID("project_id"), r.getString("owner_id"), r.getString("title"),
                r.getString("status"), r.getUUID("active_run_id"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
    }
}
