package io.clipizy.workflow.persistence;

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

/** Reading rows of this service's tables: JSON columns arrive as text, times as offsets. */
final class Rows {
    private Rows() {
    }

    static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }

    static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> list.add(mapper.apply(r)));
        return list;
    }

    static JsonNode json(Row row, String column) {
        String text = row.getString(column);
        return text == null ? null : JsonCodec.decode(text, JsonNode.class);
    }

    static ErrorInfo error(Row row, String column) {
        String text = row.getString(column);
        return text == null ? null : JsonCodec.decode(text, ErrorInfo.class);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }
}
