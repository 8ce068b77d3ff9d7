package io.clipizy.billing.messaging;

import io.clipizy.billing.service.ReservationService;
import io.clipizy.billing.service.TaskUsageService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code task.events} into task usage and settles the task's credit reservation. Each record is applied once (inbox); an unreadable one goes to
 * {@code task.events.dlq}.
 */
@ApplicationScoped
public class TaskEventConsumer {
    static final String CONSUMER = "billing-service.task-events";

    @Inject
    IdempotentHandler handler;

    @Inject
    TaskUsageService usage;

    @Inject
    ReservationService reservations;

    @Incoming("billing-task-events")
    public Uni<Void> consume(String payload) {
        TaskEvent event = JsonCodec.decode(payload, TaskEvent.class);
        if (!event.status().terminal()) {
            // queued, started, progress: the usage row moves forward by sequence and a reservation's sign of life is
            // a conditional touch, both harmless to repeat, so no inbox row and no transaction for most of the events
            // (the usage row last: once it shows the event, the event's whole effect is stored)
            return handler.handleRepeatable(CONSUMER, event, c -> reservations.onTaskEvent(c, event)
                    .chain(() -> usage.record(c, event)).replaceWithVoid());
        }
        return handler.handleOnce(CONSUMER, event, tx -> usage.record(tx, event)
                .chain(() -> reservations.onTaskEvent(tx, event))).replaceWithVoid();
    }
}
