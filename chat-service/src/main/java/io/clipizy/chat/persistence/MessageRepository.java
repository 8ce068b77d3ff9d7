package io.clipizy.chat.persistence;

import io.clipizy.kit.persistence.Rows;
import com.fasterxml.jackson.core.type.TypeReference;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** Chat messages in PostgreSQL, in posting order. */
@ApplicationScoped
public class MessageRepository {
    private static final String COLUMNS = "id, chat_id, owner_id, role, text, attachments::text AS attachments, "
            + "actions::text AS actions, client_message_id, created_at";
    private static final TypeReference<List<UUID>> UUIDS = new TypeReference<>() {
    };

    /** Inserts the message; answers null when the chat already has one with the same client message id. */
    public Uni<ChatMessage> insert(SqlClient c, ChatMessage m) {
        return c.preparedQuery("INSERT INTO message (id, chat_id, owner_id, role, text, attachments, actions, client_message_id) "
                        + "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8) "
                        + "ON CONFLICT (chat_id, client_message_id) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[]{m.id(), m.chatId(), m.ownerId(), m.role().wire(), m.text(),
                        JsonCodec.encode(m.attachments()), m.actions() == null ? null : JsonCodec.encode(m.actions()),
                        m.clientMessageId()}))
                .map(rs -> Rows.first(rs, MessageRepository::map));
    }

    /**
     * The message's insert, guarded by its chat (the owner's, its project not deleted) and idempotent on the client
     * message id, with its event in the outbox: {@code $1..$8} the message, {@code $9..$14} the outbox row.
     */
    private static final String ANNOUNCED = "c AS (SELECT c.id FROM chat c JOIN project p ON p.id = c.project_id "
            + "WHERE c.id = $2::uuid AND c.owner_id = $3::text AND p.deleted_at IS NULL), "
            + "m AS (INSERT INTO message (id, chat_id, owner_id, role, text, attachments, actions, client_message_id) "
            + "SELECT $1::uuid, c.id, $3::text, $4::text, $5::text, $6::text::jsonb, $7::text::jsonb, $8::text FROM c "
            + "ON CONFLICT (chat_id, client_message_id) DO NOTHING RETURNING " + COLUMNS + "), "
            + "o AS (INSERT INTO outbox (" + Outbox.COLUMNS + ") SELECT $9::uuid, $10::text, $11::text, $12::text, $13::text, "
            + "$14::text FROM m)";
    private static final String INSERT_ANNOUNCED = "WITH " + ANNOUNCED + " SELECT " + COLUMNS + " FROM m";

    /**
     * Inserts the message and appends its event to the outbox in one statement (one round trip, its own transaction
     * unless the caller's connection is in one); {@code alsoCte} (may be null) is one more data-modifying CTE of the
     * same statement, numbering its parameters from {@code $15} ({@code alsoArgs}). Answers the stored message, or null
     * when the chat is not the owner's (any more) or already has a message with the same client message id.
     */
    public Uni<ChatMessage> insertAnnounced(SqlClient c, ChatMessage m, Message event, String alsoCte, Object... alsoArgs) {
        Object[] outbox = Outbox.values(event);
        Object[] args = new Object[8 + outbox.length + alsoArgs.length];
        Object[] message = {m.id(), m.chatId(), m.ownerId(), m.role().wire(), m.text(), JsonCodec.encode(m.attachments()),
                m.actions() == null ? null : JsonCodec.encode(m.actions()), m.clientMessageId()};
        System.arraycopy(message, 0, args, 0, 8);
        System.arraycopy(outbox, 0, args, 8, outbox.length);
        System.arraycopy(alsoArgs, 0, args, 8 + outbox.length, alsoArgs.length);
        String sql = alsoCte == null ? INSERT_ANNOUNCED : "WITH " + ANNOUNCED + ", " + alsoCte + " SELECT " + COLUMNS + " FROM m";
        return c.preparedQuery(sql).execute(Tuple.from(args)).map(rs -> Rows.first(rs, MessageRepository::map));
    }

    public Uni<ChatMessage> findByClientId(SqlClient c, UUID chatId, String clientMessageId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM message WHERE chat_id = $1 AND client_message_id = $2")
                .execute(Tuple.of(chatId, clientMessageId)).map(rs -> Rows.first(rs, MessageRepository::map));
    }

    /** A page of the chat's history, oldest first. */
    public Uni<Page<ChatMessage>> page(SqlClient c, UUID chatId, int page, int size) {
        Uni<List<ChatMessage>> items = c.preparedQuery("SELECT " + COLUMNS + " FROM message WHERE chat_id = $1 ORDER BY seq LIMIT $2 OFFSET $3")
                .execute(Tuple.of(chatId, size, (long) page * size)).map(rs -> Rows.all(rs, MessageRepository::map));
        Uni<Long> total = c.preparedQuery("SELECT count(*) FROM message WHERE chat_id = $1").execute(Tuple.of(chatId)).map(Rows::count);
        return Uni.combine().all().unis(items, total).with((list, n) -> new Page<>(list, page, size, n));
    }

    static ChatMessage map(Row r) {
        try {
            return new ChatMessage(r.getUUID("id"), r.getUUID("chat_id"), r.getString("owner_id"),
                    MessageRole.fromWire(r.getString("role")), r.getString("text"),
                    JsonCodec.mapper().readValue(r.getString("attachments"), UUIDS), Rows.json(r, "actions"),
                    r.getString("client_message_id"), Rows.instant(r, "created_at"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
