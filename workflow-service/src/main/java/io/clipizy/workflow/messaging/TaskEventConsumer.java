package io.clipizy.workflow.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.clipizy.workflow.service.TaskProgress;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code task.events} once per event (inbox) and moves the generator nodes along. */
@ApplicationScoped
public class TaskEventConsumer {
    static final String CONSUMER = "workflow-service.task-events";

    @Inject
    IdempotentHandler handler;

    @Inject
    TaskProgress progress;

    @Incoming("task-events")
    public Uni<Void> consume(String payload) {
        TaskEvent event = JsonCodec.decode(payload, TaskEvent.class);
        if (!event.status().terminal()) {
            // queued, started, progress: the node update is conditional on the task's sequence (a redelivery changes
            // nothing and announces nothing), so no inbox row; the update and its NodeStarted commit together
            return handler.handleRepeatableAtomically(CONSUMER, event, tx -> progress.apply(tx, event));
        }
        return handler.handleOnce(CONSUMER, event, tx -> progress.apply(tx, event)).replaceWithVoid();
    }
}
