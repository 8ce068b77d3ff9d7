package io.clipizy.chat.messaging;

import io.clipizy.chat.assistant.LlmIntents;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code task.events}: the answers of the assistant's own LLM tasks (each applied once, through the inbox);
 * the tasks of runs are the workflow service's and reach the chat as workflow.events.
 */
@ApplicationScoped
public class TaskEventConsumer {
    @Inject
    LlmIntents llm;

    @Incoming("task-events")
    public Uni<Void> consume(String payload) {
        return llm.onTaskEvent(JsonCodec.decode(payload, TaskEvent.class));
    }
}
