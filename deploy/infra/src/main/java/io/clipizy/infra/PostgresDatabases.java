package io.clipizy.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL server: checks that it answers and creates (or recreates, for tests) one database per
 * service. Connects as an administrative user over TCP.
 */
public final class PostgresDatabases {
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    public PostgresDatabases(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** From CLIPIZY_DB_HOST / _PORT / _USER / _PASSWORD, defaulting to postgres@127.0.0.1:5432 (trust auth). */
    public static PostgresDatabases fromEnvironment() {
        return new PostgresDatabases(env("CLIPIZY_DB_HOST", "127.0.0.1"), Integer.parseInt(env("CLIPIZY_DB_PORT", "5432")),
                env("CLIPIZY_DB_USER", "postgres"), env("CLIPIZY_DB_PASSWORD", ""));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The server's version string; fails with a clear message when PostgreSQL is not reachable. */
    public String check() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + host + ":" + port + " as '" + user
                    + "' (" + e.getMessage() + "). Start it, e.g. pg_ctlcluster 15 main start", e);
        }
    }

    /** Creates the database when it does not exist yet; answers true when it was created. */
    public boolean ensure(String database) {
        requireSafe(database);
        try (Connection c = connect("postgres")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Drops (ending its sessions) and creates the database: a clean slate for a test run. */
    public void recreate(String database) {
        requireSafe(database);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + database + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    private static void requireSafe(String database) {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
