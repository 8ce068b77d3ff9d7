package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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
        return c.preparedQuery("INSERT INTO assistant_state (chat_id, owner_id, phase, workflow_id, inputs, pending_field, run_id, "
                        + "awaiting_node, awaiting) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9::text::jsonb) "
                        + "ON CONFLICT (chat_id) DO UPDATE SET phase = EXCLUDED.phase, workflow_id = EXCLUDED.workflow_id, "
                        + "inputs = EXCLUDED.inputs, pending_field = EXCLUDED.pending_field, run_id = EXCLUDED.run_id, "
                        + "awaiting_node = EXCLUDED.awaiting_node, awaiting = EXCLUDED.awaiting, updated_at = now()")
                .execute(Tuple.from(new Object[]{s.chatId(), s.ownerId(), s.phase(), s.workflowId(), JsonCodec.encode(s.inputs()),
                        s.pendingField(), s.runId(), s.awaitingNode(), s.awaiting() == null ? null : JsonCodec.encode(s.awaiting())}))
                .replaceWithVoid();
    }

    private static AssistantState map(Row r) {
        String awaiting = r.getString("awaiting");
        return new AssistantState(r.getUUID("chat_id"), r.getString("owner_id"), r.getString("phase"), r.getString("workflow_id"),
                (ObjectNode) JsonCodec.decode(r.getString("inputs"), com.fasterxml.jackson.databind.JsonNode.class),
                r.getString("pending_field"), r.getUUID("run_id"), r.getString("awaiting_node"),
                awaiting == null ? null : JsonCodec.decode(awaiting, com.fasterxml.jackson.databind.JsonNode.class));
    }
}
