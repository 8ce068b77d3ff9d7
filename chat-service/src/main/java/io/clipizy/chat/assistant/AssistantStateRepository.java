package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The assistant's state per chat in PostgreSQL. */
@ApplicationScoped
public class AssistantStateRepository {
    private static final String COLUMNS = "chat_id, owner_id, phase, workflow_id, inputs::text AS inputs, pending_field, run_id, "
            + "awaiting_node, awaiting::text AS awaiting";

    public Uni<AssistantState> find(SqlClient c, UUID chatId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM assistant_state WHERE chat_id = $1").execute(Tuple.of(chatId))
                .map(rs -> rs.iterator().hasNext() ? map(rs.iterator().next()) : null);
    }

    public Uni<AssistantState> findByRun(SqlClient c, UUID runId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM assistant_state WHERE run_id = $1").execute(Tuple.of(runId))
                .map(rs -> rs.iterator().hasNext() ? map(rs.iterator().next()) : null);
    }

    public Uni<Void> save(SqlClient c, AssistantState s) {
        return c.preparedQuery(SAVE).execute(Tuple.from(saveArgs(s))).replaceWithVoid();
    }

    private static final String SAVE = upsert(1);

    /**
     * {@link #save} as a CTE named {@code s} of a larger statement, its parameters ({@link #saveArgs}) numbered from
     * {@code $15} (after those of {@link io.clipizy.chat.persistence.MessageRepository#insertAnnounced}).
     */
    public static final String SAVE_CTE = "s AS (" + upsert(15) + ")";

    private static String upsert(int first) {
        String[] p = new String[9];
        for (int i = 0; i < p.length; i++) {
            p[i] = "$" + (first + i);
        }
        return "INSERT INTO assistant_state (chat_id, owner_id, phase, workflow_id, inputs, pending_field, run_id, "
                + "awaiting_node, awaiting) VALUES (" + p[0] + ", " + p[1] + ", " + p[2] + ", " + p[3] + ", " + p[4] + "::text::jsonb, "
                + p[5] + ", " + p[6] + ", " + p[7] + ", " + p[8] + "::text::jsonb) "
                + "ON CONFLICT (chat_id) DO UPDATE SET phase = EXCLUDED.phase, workflow_id = EXCLUDED.workflow_id, "
                + "inputs = EXCLUDED.inputs, pending_field = EXCLUDED.pending_field, run_id = EXCLUDED.run_id, "
                + "awaiting_node = EXCLUDED.awaiting_node, awaiting = EXCLUDED.awaiting, llm_task_id = NULL, "
                + "llm_deadline = NULL, llm = NULL, updated_at = now()";
    }

    /** The parameters of {@link #save} and {@link #SAVE_CTE}, in order. */
    public static Object[] saveArgs(AssistantState s) {
        return new Object[]{s.chatId(), s.ownerId(), s.phase(), s.workflowId(), JsonCodec.encode(s.inputs()),
                s.pendingField(), s.runId(), s.awaitingNode(), s.awaiting() == null ? null : JsonCodec.encode(s.awaiting())};
    }

    /**
     * Puts the chat in the {@code thinking} phase while the LLM reads a message: the workflow, inputs and pending field
     * stay as they were (the conversation carries on from them), the request is kept for the answer, re-asks and the
     * fallback.
     */
    public Uni<Void> think(SqlClient c, AssistantState s, LlmRequest request) {
        return c.preparedQuery("INSERT INTO assistant_state (chat_id, owner_id, phase, workflow_id, inputs, pending_field, llm_task_id, "
                        + "llm_deadline, llm) VALUES ($1, $2, 'thinking', $3, $4::text::jsonb, $5, $6, $7, $8::text::jsonb) "
                        + "ON CONFLICT (chat_id) DO UPDATE SET phase = 'thinking', workflow_id = EXCLUDED.workflow_id, "
                        + "inputs = EXCLUDED.inputs, pending_field = EXCLUDED.pending_field, run_id = NULL, awaiting_node = NULL, "
                        + "awaiting = NULL, llm_task_id = EXCLUDED.llm_task_id, llm_deadline = EXCLUDED.llm_deadline, "
                        + "llm = EXCLUDED.llm, updated_at = now()")
                .execute(Tuple.from(new Object[]{s.chatId(), s.ownerId(), s.workflowId(), JsonCodec.encode(s.inputs()), s.pendingField(),
                        request.taskId(), request.deadline().atOffset(ZoneOffset.UTC), JsonCodec.encode(request)}))
                .replaceWithVoid();
    }

    /** The chat still thinking about this LLM task, locked for the caller's transaction; null once it moved on. */
    public Uni<Thinking> claim(SqlClient c, UUID taskId) {
        return c.preparedQuery("SELECT " + COLUMNS + ", llm::text AS llm FROM assistant_state WHERE llm_task_id = $1 "
                        + "AND phase = 'thinking' FOR UPDATE").execute(Tuple.of(taskId))
                .map(rs -> rs.iterator().hasNext() ? thinking(rs.iterator().next()) : null);
    }

    /** The chat thinking about this LLM task, read without a lock; null when none is. */
    public Uni<Thinking> findThinking(SqlClient c, UUID taskId) {
        return c.preparedQuery("SELECT " + COLUMNS + ", llm::text AS llm FROM assistant_state WHERE llm_task_id = $1 AND phase = 'thinking'")
                .execute(Tuple.of(taskId)).map(rs -> rs.iterator().hasNext() ? thinking(rs.iterator().next()) : null);
    }

    /** LLM tasks past their deadline (the answer never came), oldest first. */
    public Uni<List<UUID>> overdue(SqlClient c, int limit) {
        return c.preparedQuery("SELECT llm_task_id FROM assistant_state WHERE phase = 'thinking' AND llm_deadline < now() "
                        + "ORDER BY llm_deadline LIMIT $1").execute(Tuple.of(limit))
                .map(rs -> {
                    List<UUID> ids = new ArrayList<>();
                    rs.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                });
    }

    /** Replaces the LLM request of a thinking chat (a re-ask) in the caller's transaction. */
    public Uni<Void> reask(SqlClient c, UUID chatId, LlmRequest request) {
        return c.preparedQuery("UPDATE assistant_state SET llm_task_id = $2, llm_deadline = $3, llm = $4::text::jsonb, updated_at = now() "
                        + "WHERE chat_id = $1 AND phase = 'thinking'")
                .execute(Tuple.of(chatId, request.taskId(), request.deadline().atOffset(ZoneOffset.UTC), JsonCodec.encode(request)))
                .replaceWithVoid();
    }

    /** A thinking chat: its state and the LLM request it waits on. */
    public record Thinking(AssistantState state, LlmRequest request) {
    }

    private static Thinking thinking(Row r) {
        return new Thinking(map(r), JsonCodec.decode(r.getString("llm"), LlmRequest.class));
    }

    private static AssistantState map(Row r) {
        String awaiting = r.getString("awaiting");
        return new AssistantState(r.getUUID("chat_id"), r.getString("owner_id"), r.getString("phase"), r.getString("workflow_id"),
                (ObjectNode) JsonCodec.decode(r.getString("inputs"), com.fasterxml.jackson.databind.JsonNode.class),
                r.getString("pending_field"), r.getUUID("run_id"), r.getString("awaiting_node"),
                awaiting == null ? null : JsonCodec.decode(awaiting, com.fasterxml.jackson.databind.JsonNode.class));
    }
}
