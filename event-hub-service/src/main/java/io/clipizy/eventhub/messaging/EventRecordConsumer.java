package io.clipizy.eventhub.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.BillingEvent;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.eventhub.service.ReplayService;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the five event topics into the replay store, one channel per topic so that each has its own
 * {@code <topic>.dlq}. A record is decoded as its topic's family, applied once (inbox, keyed by event id), and stored
 * in every stream it belongs to; a record that breaks its contract (unknown type, no owner) is dead-lettered.
 */
@ApplicationScoped
public class EventRecordConsumer {
    static final String CONSUMER = "event-hub-service.replay";

    @Inject
    IdempotentHandler handler;

    @Inject
    ReplayService replay;

    @Incoming("hub-task-events")
    public Uni<Void> taskEvent(String payload) {
        return store(payload, JsonCodec.decode(payload, TaskEvent.class));
    }

    @Incoming("hub-workflow-events")
    public Uni<Void> workflowEvent(String payload) {
        return store(payload, JsonCodec.decode(payload, WorkflowEvent.class));
    }

    @Incoming("hub-chat-events")
    public Uni<Void> chatEvent(String payload) {
        return store(payload, JsonCodec.decode(payload, ChatEvent.class));
    }

    @Incoming("hub-media-events")
    public Uni<Void> mediaEvent(String payload) {
        return store(payload, JsonCodec.decode(payload, MediaEvent.class));
    }

    @Incoming("hub-billing-events")
    public Uni<Void> billingEvent(String payload) {
        return store(payload, JsonCodec.decode(payload, BillingEvent.class));
    }

    private Uni<Void> store(String payload, Message record) {
        return handler.handleOnce(CONSUMER, record, tx -> replay.store(tx, record, payload)).replaceWithVoid();
    }
}
