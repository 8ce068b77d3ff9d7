package io.clipizy.chat.persistence;

import io.clipizy.kit.persistence.Rows;
import com.fasterxml.jackson.core.type.TypeReference;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MessageRole;
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

    private static ChatMessage map(Row r) {
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
