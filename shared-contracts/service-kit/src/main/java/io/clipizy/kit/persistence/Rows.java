package io.clipizy.kit.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorInfo;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reading rows of the reactive PostgreSQL client the way every service stores them: JSON columns selected as text
 * ({@code col::text AS col}) and parsed with the suite's codec, times as offsets turned into instants.
 */
public final class Rows {
    private Rows() {
    }

    /** The first row mapped, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }

    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> list.add(mapper.apply(r)));
        return list;
    }

    public static JsonNode json(Row row, String column) {
        String text = row.getString(column);
        return text == null ? null : JsonCodec.decode(text, JsonNode.class);
    }

    public static ErrorInfo error(Row row, String column) {
        String text = row.getString(column);
        return text == null ? null : JsonCodec.decode(text, ErrorInfo.class);
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    /** The single count of a {@code SELECT count(*)}. */
    public static long count(RowSet<Row> rows) {
        return rows.iterator().next().getLong(0);
    }
}
