package io.clipizy.eventhub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The live feed's LISTEN connection dropped by the database: the feed reports that it is not listening (its readiness
 * check reads this) until it has reconnected on its own, then listens again.
 */
@QuarkusTest
class LiveFeedReconnectTest {
    @Inject
    SecondInstance secondInstance;

    @Test
    void aDroppedListeningConnectionMakesTheFeedNotReadyUntilItHasReconnected() throws Exception {
        Set<Integer> others = listeners();
        try (SecondInstance.Running instance = secondInstance.start()) {
            LiveFeed feed = instance.feed();
            assertTrue(poll(feed::listening, 10_000), "listening after start");
            Set<Integer> mine = listeners();
            mine.removeAll(others);
            assertEquals(1, mine.size(), "one LISTEN connection of its own: " + mine);
            int pid = mine.iterator().next();

            terminate(pid);
            // the subscriber waits a second before its first try, so the outage is seen well before it ends
            assertTrue(poll(() -> !feed.listening(), 5_000), "not listening once its connection is gone");
            assertTrue(poll(feed::listening, 15_000), "listening again after reconnecting");
            Set<Integer> now = listeners();
            now.removeAll(others);
            assertEquals(1, now.size(), "one LISTEN connection again: " + now);
            assertFalse(now.contains(pid), "a new connection, not the dropped one");
        }
    }

    /** The backends that last ran a LISTEN on this database: the live feeds' connections. */
    private static Set<Integer> listeners() throws Exception {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = PostgresResource.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = PostgresResource.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            assertTrue(rs.next() && rs.getBoolean(1), "terminated backend " + pid);
        }
    }

    private static boolean poll(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
