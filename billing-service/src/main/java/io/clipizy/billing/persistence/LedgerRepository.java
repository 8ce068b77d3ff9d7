package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.LedgerEntry;
import io.clipizy.billing.domain.LedgerEntryType;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The append-only ledger: entries are inserted and read, never updated or deleted (the database refuses both). */
@ApplicationScoped
public class LedgerRepository {
    private static final String COLUMNS = "id, owner_id, entry_type, delta, balance_after, reference, note, actor_id, created_at";

    /** Appends the entry; answers it with its id and time. */
    public Uni<LedgerEntry> append(SqlConnection tx, LedgerEntry e) {
        return tx.preparedQuery("INSERT INTO ledger_entry (owner_id, entry_type, delta, balance_after, reference, note, actor_id) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[]{e.ownerId(), e.type().wire(), e.delta(), e.balanceAfter(), e.reference(),
                        e.note(), e.actorId()}))
                .map(LedgerRepository::firstOrNull);
    }

    /** The owner's entry of this type for this reference, or null: how a retried operation finds that it already ran. */
    public Uni<LedgerEntry> findByReference(SqlClient client, String ownerId, LedgerEntryType type, String reference) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledger_entry WHERE owner_id = $1 AND entry_type = $2 AND reference = $3")
                .execute(Tuple.of(ownerId, type.wire(), reference))
                .map(LedgerRepository::firstOrNull);
    }

    public Uni<LedgerEntry> findById(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledger_entry WHERE id = $1")
                .execute(Tuple.of(id))
                .map(LedgerRepository::firstOrNull);
    }

    /** The owner's entries, newest first, optionally of one type. */
    public Uni<Page<LedgerEntry>> list(SqlClient client, String ownerId, LedgerEntryType type, int page, int size) {
        String where = "owner_id = $1 AND ($2::text IS NULL OR entry_type = $2)";
        Tuple filter = Tuple.of(ownerId, type == null ? null : type.wire());
        Uni<List<LedgerEntry>> items = client.preparedQuery("SELECT " + COLUMNS + " FROM ledger_entry WHERE " + where
                        + " ORDER BY id DESC LIMIT $3 OFFSET $4")
                .execute(Tuple.of(ownerId, type == null ? null : type.wire(), size, (long) page * size))
                .map(LedgerRepository::all);
        Uni<Long> total = client.preparedQuery("SELECT count(*) FROM ledger_entry WHERE " + where).execute(filter)
                .map(rs -> rs.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> new Page<>(list, page, size, count));
    }

    private static LedgerEntry firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<LedgerEntry> all(RowSet<Row> rows) {
        List<LedgerEntry> entries = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> entries.add(map(r)));
        return entries;
    }

    private static LedgerEntry map(Row r) {
        return new LedgerEntry(r.getLong("id"), r.getString("owner_id"), LedgerEntryType.fromWire(r.getString("entry_type")),
                r.getLong("delta"), r.getLong("balance_after"), r.getString("reference"), r.getString("note"),
                r.getString("actor_id"), r.getOffsetDateTime("created_at").toInstant());
    }
}
