package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.clipizy.contracts.Topics;
import java.util.UUID;

/** Commands to the generation gateway, keyed by task id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = GenerationRequested.class, name = "GenerationRequested"),
        @JsonSubTypes.Type(value = TaskCancelRequested.class, name = "TaskCancelRequested")
})
public sealed interface GenerationCommand extends Message permits GenerationRequested, TaskCancelRequested {
    UUID taskId();

    @Override
    default String topic() {
        return Topics.GENERATION_REQUESTS;
    }

    @Override
    default String key() {
        return taskId().toString();
    }
}
