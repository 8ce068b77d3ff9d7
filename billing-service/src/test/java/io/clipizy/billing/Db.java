package io.clipizy.billing;

import io.clipizy.testing.PostgresResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/** Reads what the service stored, straight from its test database. */
final class Db {
    private Db() {
    }

    /** The first column of the first row of a query answering one number. */
    static long number(String sql, Object... args) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The first column of the first row as text, or null when there is no row. */
    static String text(String sql, Object... args) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Polls a count until it reaches {@code expected} or {@code timeout} passes; answers the last value seen. */
    static long awaitNumber(long expected, Duration timeout, String sql, Object... args) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long value = number(sql, args);
        while (value != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = number(sql, args);
        }
        return value;
    }
}
