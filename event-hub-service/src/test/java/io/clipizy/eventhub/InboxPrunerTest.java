package io.clipizy.eventhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.kit.inbox.InboxPruner;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox keeps each applied event id as long as it could be redelivered, and no longer (service-kit's pruner). */
@QuarkusTest
class InboxPrunerTest {
    @Inject
    InboxPruner pruner;

    @Test
    void rowsOlderThanTheRetentionGoAndRecentOnesStay() throws Exception {
        String consumer = "inbox-pruner-test-" + UUID.randomUUID();
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbox (consumer, event_id, processed_at) "
                        + "SELECT ?, gen_random_uuid(), now() - make_interval(days => d) FROM unnest(?::int[]) AS t(d)")) {
            ps.setString(1, consumer);
            // 25 rows 9 days old, 3 rows 7 days old, 2 rows from today.
            Integer[] ages = new Integer[30];
            for (int i = 0; i < ages.length; i++) {
                ages[i] = i < 25 ? 9 : i < 28 ? 7 : 0;
            }
            ps.setArray(2, c.createArrayOf("int4", ages));
            assertEquals(30, ps.executeUpdate());
        }

        // The suite prunes in batches of 10 (%test in application.properties): the 25 old rows take three statements.
        pruner.prune(Duration.ofDays(8)).await().atMost(Duration.ofSeconds(10));
        assertEquals(5, rows(consumer), "every row past the retention goes, batch after batch; those inside it stay");
        assertEquals(0, pruner.prune(Duration.ofDays(8)).await().atMost(Duration.ofSeconds(10)), "nothing is left to prune");
        assertTrue(pruner.prune(Duration.ofDays(1)).await().atMost(Duration.ofSeconds(10)) >= 3);
        assertEquals(2, rows(consumer), "a shorter retention takes the week-old rows too");
    }

    private static int rows(String consumer) throws Exception {
        try (Connection c = PostgresResource.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM inbox WHERE consumer = ?")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
