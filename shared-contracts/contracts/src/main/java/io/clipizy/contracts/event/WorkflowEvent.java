package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.clipizy.contracts.Topics;
import java.util.UUID;

/** Events of workflow runs, keyed by run id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunStarted.class, name = "RunStarted"),
        @JsonSubTypes.Type(value = NodeStarted.class, name = "NodeStarted"),
        @JsonSubTypes.Type(value = NodeSucceeded.class, name = "NodeSucceeded"),
        @JsonSubTypes.Type(value = NodeFailed.class, name = "NodeFailed"),
        @JsonSubTypes.Type(value = InputRequested.class, name = "InputRequested"),
        @JsonSubTypes.Type(value = RunSucceeded.class, name = "RunSucceeded"),
        @JsonSubTypes.Type(value = RunFailed.class, name = "RunFailed"),
        @JsonSubTypes.Type(value = RunCancelled.class, name = "RunCancelled")
})
public sealed interface WorkflowEvent extends Message permits RunStarted, NodeStarted, NodeSucceeded, NodeFailed, InputRequested, RunSucceeded, RunFailed, RunCancelled {
    UUID runId();

    /** The project the run belongs to, when it was started from one. */
    UUID projectId();

    /** The chat that drives the run, when there is one. */
    UUID chatId();

    @Override
    default String topic() {
        return Topics.WORKFLOW_EVENTS;
    }

    @Override
    default String key() {
        return runId().toString();
    }
}
