package io.clipizy.eventhub.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing a record to its streams, and what a stream key accepts. */
class StreamRoutingTest {
    private static final String OWNER = "kc|nora";

    @Test
    void aTaskEventGoesToItsOwnerAndEveryCorrelationItCarriesInKeyOrder() {
        UUID project = UUID.randomUUID();
        UUID chat = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        TaskEvent event = task(new TaskEvent.Correlation(OWNER, project, chat, run, "scenes", 0), task);

        List<StreamKey> streams = StreamRouting.streamsOf(event);

        assertEquals(new TreeSet<>(List.of(StreamKey.user(OWNER), StreamKey.of(StreamKind.TASK, task),
                StreamKey.of(StreamKind.RUN, run), StreamKey.of(StreamKind.CHAT, chat),
                StreamKey.of(StreamKind.PROJECT, project))).stream().toList(), streams);
        assertEquals(viaJsonTree(event), streams);
    }

    @Test
    void anAbsentCorrelationIsNoStream() {
        UUID task = UUID.randomUUID();
        TaskEvent event = task(new TaskEvent.Correlation(OWNER, null, null, null, null, null), task);

        assertEquals(List.of(StreamKey.of(StreamKind.TASK, task), StreamKey.user(OWNER)), StreamRouting.streamsOf(event));
    }

    @Test
    void everyFamilyIsRoutedAsItsJsonSays() {
        UUID project = UUID.randomUUID();
        UUID chat = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        List<Message> records = List.of(
                RunStarted.of(OWNER, project, chat, run, "music-video", 1, 120L),
                NodeStarted.of(OWNER, project, null, run, "scenes", "image_generation", 0, task),
                MessageAdded.of(OWNER, project, chat, UUID.randomUUID(), MessageRole.ASSISTANT, "hello", List.of(), null),
                MediaStored.of(OWNER, project, UUID.randomUUID(), MediaKind.IMAGE, MediaRole.GENERATED, "image/png", 1024,
                        "ab".repeat(32), null, 1280, 720, task),
                CreditsChanged.of(OWNER, 40, -20, "capture", task.toString()));
        for (Message record : records) {
            List<StreamKey> streams = StreamRouting.streamsOf(record);
            assertEquals(viaJsonTree(record), streams, record.type());
            assertTrue(streams.contains(StreamKey.user(OWNER)), record.type());
        }
        assertEquals(List.of(StreamKey.user(OWNER)), StreamRouting.streamsOf(records.get(4)),
                "a reference that is not a correlation field routes nowhere else");
    }

    @Test
    void anOwnerThatCannotNameAUserStreamIsAContractViolation() {
        TaskEvent event = task(new TaskEvent.Correlation("nora smith", null, null, null, null, null), UUID.randomUUID());

        ContractViolationException e = assertThrows(ContractViolationException.class, () -> StreamRouting.streamsOf(event));
        assertEquals("ownerId", e.field());
    }

    @Test
    void userStreamIdsAreSubjectsWithoutWhiteSpaceOrControlCharactersUpTo255CodePoints() {
        assertTrue(StreamKey.parse("user:kc|nora@example.org").isPresent());
        assertTrue(StreamKey.parse("user:" + "x".repeat(255)).isPresent());
        assertTrue(StreamKey.parse("user:" + "\uD83D\uDE00".repeat(255)).isPresent(), "255 code points in 510 chars");
        assertTrue(StreamKey.parse("user:é").isPresent());
        assertFalse(StreamKey.parse("user:" + "x".repeat(256)).isPresent());
        assertFalse(StreamKey.parse("user:" + "\uD83D\uDE00".repeat(256)).isPresent());
        assertFalse(StreamKey.parse("user:").isPresent());
        for (String bad : List.of(" ", "\t", "\n", "\u000b", "\f", "\r", "\u0000", "\u001f", "\u007f")) {
            assertFalse(StreamKey.parse("user:a" + bad + "b").isPresent(), () -> "accepted U+" + (int) bad.charAt(0));
        }
        assertThrows(IllegalArgumentException.class, () -> StreamKey.user("a b"));
    }

    @Test
    void otherStreamIdsAreCanonicalUuids() {
        UUID id = UUID.randomUUID();
        assertEquals(StreamKey.of(StreamKind.CHAT, id), StreamKey.parse("chat:" + id).orElseThrow());
        assertEquals(StreamKey.of(StreamKind.CHAT, id), StreamKey.parse("chat:" + id.toString().toUpperCase()).orElseThrow(),
                "parsing lower-cases the id");
        assertThrows(IllegalArgumentException.class, () -> new StreamKey(StreamKind.TASK, id.toString().toUpperCase()));
        for (String bad : List.of("", "not-a-uuid", id.toString().replace('-', '_'), id.toString().substring(1),
                id + "0", "g" + id.toString().substring(1), id.toString().substring(0, 35) + "-")) {
            assertFalse(StreamKey.parse("task:" + bad).isPresent(), bad);
        }
        assertFalse(StreamKey.parse("movie:" + id).isPresent());
    }

    private static TaskEvent task(TaskEvent.Correlation correlation, UUID taskId) {
        return TaskEvent.of(correlation, taskId, TaskKind.IMAGE_GENERATION, "local", TaskStatus.RUNNING, 0.5, null, 1,
                List.of(), null, null);
    }

    /** The routing as the record's JSON reads: its owner's stream and each correlation field present as text. */
    private static List<StreamKey> viaJsonTree(Message record) {
        TreeSet<StreamKey> streams = new TreeSet<>();
        streams.add(StreamKey.user(record.ownerId()));
        JsonNode fields = JsonCodec.tree(record);
        for (StreamKind kind : StreamKind.values()) {
            JsonNode id = kind.idField() == null ? null : fields.get(kind.idField());
            if (id != null && id.isTextual()) {
                streams.add(StreamKey.of(kind, UUID.fromString(id.asText())));
            }
        }
        return List.copyOf(streams);
    }
}
