package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.Require;
import io.clipizy.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change of a task's state on {@code task.events}, keyed by task id. {@code sequence} grows by one per event of a
 * task, so a consumer can drop a stale progress event that arrives after a newer one.
 */
// "type" is required on the wire, as for the records of the topic families: without this a TaskEvent JSON lacking
// it would decode silently (the constructor fills it in), unlike every other record.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
public record TaskEvent(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex,
        UUID taskId, TaskKind kind, String provider, TaskStatus status, double progress, String message,
        long sequence, List<TaskOutput> outputs, JsonNode result, ErrorInfo error) implements Message {

    public static final String TYPE = "TaskEvent";

    public TaskEvent {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.present(taskId, "taskId");
        Require.present(kind, "kind");
        Require.present(status, "status");
        Require.fraction(progress, "progress");
        Require.nonNegative(sequence, "sequence");
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        if (status == TaskStatus.FAILED && error == null) {
            throw new ContractViolationException("error", "missing required field 'error' (a FAILED task says why)");
        }
    }

    /** The task's correlation, copied from the request that created it. */
    public record Correlation(String ownerId, UUID projectId, UUID chatId, UUID runId, String nodeId, Integer itemIndex) {
    }

    public static TaskEvent of(Correlation c, UUID taskId, TaskKind kind, String provider, TaskStatus status,
                               double progress, String message, long sequence, List<TaskOutput> outputs,
                               JsonNode result, ErrorInfo error) {
        return new TaskEvent(UUID.randomUUID(), TYPE, 1, Instant.now(), c.ownerId(), c.projectId(), c.chatId(),
                c.runId(), c.nodeId(), c.itemIndex(), taskId, kind, provider, status, progress, message, sequence,
                outputs, result, error);
    }

    public Correlation correlation() {
        return new Correlation(ownerId, projectId, chatId, runId, nodeId, itemIndex);
    }

    @Override
    public String topic() {
        return Topics.TASK_EVENTS;
    }

    @Override
    public String key() {
        return taskId.toString();
    }
}
