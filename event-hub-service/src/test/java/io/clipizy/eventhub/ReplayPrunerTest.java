package io.clipizy.eventhub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.eventhub.service.ReplayPruner;
import io.clipizy.testing.KafkaTestClient;
import io.clipizy.testing.OidcResource;
import io.clipizy.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The replay window: old events beyond each stream's most recent ones are pruned, and replay then says so. */
@QuarkusTest
class ReplayPrunerTest {
    @Inject
    ReplayPruner pruner;

    @Test
    void oldEventsBeyondTheMostRecentOnesArePrunedAndTheReplayReportsTheGap() throws Exception {
        String owner = "tess-" + UUID.randomUUID();
        String token = OidcResource.user(owner);
        UUID taskId = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int sequence = 0; sequence < 5; sequence++) {
                kafka.send(Topics.TASK_EVENTS, taskId.toString(),
                        JsonCodec.encode(ReplayApiTest.running(owner, taskId, sequence)));
            }
        }
        Replays.await(token, "task:" + taskId, 5);
        Replays.await(token, "user:" + owner, 5);
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE replay_event SET received_at = received_at - interval '1 hour' WHERE owner_id = ?")) {
            ps.setString(1, owner);
            assertEquals(10, ps.executeUpdate());
        }

        assertEquals(0, pruner.prune(Duration.ofHours(2), 2).await().atMost(Duration.ofSeconds(10)),
                "events inside the window are kept");
        assertEquals(6, pruner.prune(Duration.ofMinutes(15), 2).await().atMost(Duration.ofSeconds(10)),
                "three of five events go from each of the two streams");

        JsonPath task = Replays.get(token, "task:" + taskId, 0).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(4, 5), task.getList("events.cursor"));
        assertEquals(true, task.getBoolean("truncated"), "the client is told it missed events");
        JsonPath resumed = Replays.get(token, "task:" + taskId, 3).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(4, 5), resumed.getList("events.cursor"));
        assertEquals(false, resumed.getBoolean("truncated"), "nothing after cursor 3 was lost");
        assertEquals(List.of(4, 5), Replays.get(token, "user:" + owner, 0).then().statusCode(200).extract().jsonPath()
                .getList("events.cursor"));
    }
}
