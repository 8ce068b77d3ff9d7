package io.clipizy.chat.messaging;

import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code workflow.events}: the run-level events change the chat's status (running, waiting for the person,
 * done, failed, cancelled) and the assistant narrates them; a finished step is a milestone in the conversation.
 * Applied once per event (inbox).
 */
@ApplicationScoped
public class WorkflowEventConsumer {
    static final String CONSUMER = "chat-service.workflow-events";

    @Inject
    IdempotentHandler handler;

    @Inject
    ChatService chats;

    @Inject
    io.clipizy.chat.assistant.RunNarrator narrator;

    @Incoming("workflow-events")
    public Uni<Void> consume(String payload) {
        WorkflowEvent event = JsonCodec.decode(payload, WorkflowEvent.class);
        String status = chatStatus(event);
        UUID chatId = event.chatId();
        if (chatId == null || (status == null && !(event instanceof NodeSucceeded))) {
            return Uni.createFrom().voidItem();
        }
        return handler.handleOnce(CONSUMER, event,
                tx -> (status == null ? Uni.createFrom().voidItem()
                        : chats.applyRunStatus(tx, chatId, event.ownerId(), event.runId(), status, event.occurredAt()))
                        .chain(() -> narrator.narrate(tx, event))).replaceWithVoid();
    }

    /** The chat status a run-level event leads to; null for events that do not change it. */
    static String chatStatus(WorkflowEvent event) {
        if (event instanceof RunStarted) {
            return "running";
        } else if (event instanceof InputRequested) {
            return "waiting_input";
        } else if (event instanceof RunSucceeded) {
            return "succeeded";
        } else if (event instanceof RunFailed) {
            return "failed";
        } else if (event instanceof RunCancelled) {
            return "cancelled";
        }
        return null;
    }
}
