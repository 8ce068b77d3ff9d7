package io.clipizy.testing;

import io.clipizy.infra.PostgresDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A fresh database on the machine's real PostgreSQL for one module's tests: dropped and created at start, so each
 * run begins from the migrations. Init arg {@code database} names it (e.g. {@code clipizy_chat_test}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static volatile PostgresDatabases server;
    private static volatile String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "clipizy_test");
    }

    @Override
    public Map<String, String> start() {
        server = PostgresDatabases.fromEnvironment();
        server.check();
        server.recreate(database);
        return Map.of(
                "clipizy.db.name", database,
                "clipizy.db.host", server.host(),
                "clipizy.db.port", Integer.toString(server.port()),
                "clipizy.db.user", server.user(),
                "clipizy.db.password", server.password());
    }

    @Override
    public void stop() {
        // the database stays for inspection after a failed run; the next run recreates it
    }

    /** A JDBC connection to the test database, for assertions on what the service stored. */
    public static java.sql.Connection connect() throws java.sql.SQLException {
        return server.connect(database);
    }
}
