package io.clipizy.workflow.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.clipizy.workflow.service.RunService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code chat.events}: a deleted project's unfinished runs are cancelled (and their tasks with them), once. */
@ApplicationScoped
public class ProjectDeletedConsumer {
    static final String CONSUMER = "workflow-service.chat-events";

    @Inject
    IdempotentHandler handler;

    @Inject
    RunService runs;

    @Incoming("chat-events")
    public Uni<Void> consume(String payload) {
        ChatEvent event = JsonCodec.decode(payload, ChatEvent.class);
        if (!(event instanceof ProjectDeleted deleted)) {
            return Uni.createFrom().voidItem();
        }
        return handler.handleOnce(CONSUMER, deleted,
                tx -> runs.cancelProject(tx, deleted.ownerId(), deleted.projectId(), "The project was deleted")).replaceWithVoid();
    }
}
