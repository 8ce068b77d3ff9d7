package io.clipizy.billing.persistence;

import io.clipizy.billing.domain.CreditAccount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Credit accounts in PostgreSQL. Balances only change through {@link #applyDelta}, which can never overdraw. */
@ApplicationScoped
public class CreditAccountRepository {
    private static final String COLUMNS = "owner_id, balance, version, created_at, updated_at";

    /**
     * Opens the account with its opening balance unless it exists; answers whether this call opened it. A concurrent
     * opener waits on the primary key until the first one commits, then inserts nothing.
     */
    public Uni<Boolean> openIfAbsent(SqlConnection tx, String ownerId, long openingBalance) {
        return tx.preparedQuery("INSERT INTO credit_account (owner_id, balance) VALUES ($1, $2) ON CONFLICT (owner_id) DO NOTHING")
                .execute(Tuple.of(ownerId, openingBalance))
                .map(rs -> rs.rowCount() == 1);
    }

    public Uni<CreditAccount> find(SqlClient client, String ownerId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM credit_account WHERE owner_id = $1")
                .execute(Tuple.of(ownerId))
                .map(CreditAccountRepository::firstOrNull);
    }

    /** Reads the account and holds its row lock until the transaction ends, serialising the owner's ledger writes. */
    public Uni<CreditAccount> lock(SqlConnection tx, String ownerId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM credit_account WHERE owner_id = $1 FOR UPDATE")
                .execute(Tuple.of(ownerId))
                .map(CreditAccountRepository::firstOrNull);
    }

    /**
     * Adds {@code delta} to the balance when the result stays at 0 or more; answers the updated account, or null when
     * the change would overdraw it (nothing is changed then). One conditional statement, so concurrent changes cannot
     * both pass a check made on a stale balance.
     */
    public Uni<CreditAccount> applyDelta(SqlConnection tx, String ownerId, long delta) {
        return tx.preparedQuery("UPDATE credit_account SET balance = balance + $2, version = version + 1, updated_at = now() "
                        + "WHERE owner_id = $1 AND balance + $2 >= 0 RETURNING " + COLUMNS)
                .execute(Tuple.of(ownerId, delta))
                .map(CreditAccountRepository::firstOrNull);
    }

    private static CreditAccount firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        return new CreditAccount(r.getString("owner_id"), r.getLong("balance"), r.getLong("version"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }
}
