package io.clipizy.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.event.WorkflowEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a consumer sees when a record breaks its contract: a ContractViolationException naming the field. */
class JsonCodecTest {
    private static final TaskEvent SUCCEEDED = new TaskEvent(Samples.EVENT, TaskEvent.TYPE, 1, Samples.AT,
            Samples.OWNER, Samples.PROJECT, null, null, null, null, Samples.TASK, TaskKind.IMAGE_GENERATION, null,
            TaskStatus.SUCCEEDED, 1.0, null, 2, List.of(new TaskOutput(0, Samples.ASSET, MediaKind.IMAGE, "image/png")),
            null, null);

    @Test
    void taskEventWithoutTypeIsRejectedLikeEveryOtherRecord() {
        ObjectNode json = RecordShapes.tree(SUCCEEDED);
        json.remove("type");

        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode(RecordShapes.text(json), TaskEvent.class));

        assertEquals("type", violation.field());
        assertTrue(violation.getMessage().startsWith("TaskEvent: "), violation.getMessage());
    }

    @Test
    void anotherRecordsJsonIsNotATaskEvent() {
        String runFailed = JsonCodec.encode(RunFailed.of(Samples.OWNER, null, null, Samples.RUN, null,
                new ErrorInfo(ErrorCode.INTERNAL, "boom", false)));

        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode(runFailed, TaskEvent.class));

        assertEquals("type", violation.field());
    }

    @Test
    void unknownEnumValueNamesItsField() {
        ObjectNode json = RecordShapes.tree(SUCCEEDED);
        json.put("kind", "hologram_generation");

        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode(RecordShapes.text(json), TaskEvent.class));

        assertEquals("kind", violation.field());
        assertTrue(violation.getMessage().contains("hologram_generation"), violation.getMessage());
    }

    @Test
    void invalidNestedValueNamesTheNestedField() {
        ObjectNode json = RecordShapes.tree(SUCCEEDED);
        ((ObjectNode) json.at("/outputs/0")).remove("mediaId");

        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode(RecordShapes.text(json), TaskEvent.class));

        assertEquals("mediaId", violation.field());
    }

    @Test
    void failedTaskWithoutErrorIsRejected() {
        ObjectNode json = RecordShapes.tree(SUCCEEDED);
        json.put("status", "FAILED");

        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode(RecordShapes.text(json), TaskEvent.class));

        assertEquals("error", violation.field());
        assertFalse(SchemaValidation.validate("TaskEvent", json).isEmpty(), "schema requires error when FAILED");
    }

    @Test
    void unreadableJsonIsAViolationWithoutAField() {
        ContractViolationException violation = assertThrows(ContractViolationException.class,
                () -> JsonCodec.decode("{\"eventId\": ", WorkflowEvent.class));

        assertNull(violation.field());
        assertTrue(violation.getMessage().startsWith("WorkflowEvent: "), violation.getMessage());
    }

    @Test
    void taskEventsOwnTypeStillDecodes() {
        assertEquals(SUCCEEDED, JsonCodec.decode(JsonCodec.encode(SUCCEEDED), TaskEvent.class));
    }
}
