package io.clipizy.kit.outbox;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.Message;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes records to the outbox table inside the caller's transaction, so a state change and the event announcing it
 * commit together or not at all (no "persist, then send" dual write). {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {
    /** The outbox table's columns, in the order of {@link #values}. */
    public static final String COLUMNS = "event_id, topic, record_key, record_type, payload, traceparent";
    private static final String INSERT = "INSERT INTO outbox (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)";

    public Uni<Void> append(SqlConnection tx, Message message) {
        return tx.preparedQuery(INSERT).execute(row(message)).replaceWithVoid();
    }

    public Uni<Void> appendAll(SqlConnection tx, List<? extends Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(messages.size());
        messages.forEach(m -> rows.add(row(m)));
        return tx.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /**
     * One outbox row's values for {@code m} ({@link #COLUMNS}), for a statement that writes the row itself — e.g. the
     * same INSERT as the state change it announces, one round trip instead of two. The relay publishes it like any other.
     */
    public static Object[] values(Message m) {
        return new Object[]{m.eventId(), m.topic(), m.key(), m.type(), JsonCodec.encode(m), currentTraceparent()};
    }

    private static Tuple row(Message m) {
        return Tuple.from(values(m));
    }

    /** The W3C traceparent of the current span, so the trace continues through Kafka after the relay sends it. */
    static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
