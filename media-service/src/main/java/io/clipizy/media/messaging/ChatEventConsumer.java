package io.clipizy.media.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.clipizy.media.service.MediaService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code chat.events}: a deleted project takes its owner's media with it (once, however often the record is
 * delivered); the other chat events do not concern media. An unreadable record goes to {@code chat.events.dlq}.
 */
@ApplicationScoped
public class ChatEventConsumer {
    static final String CONSUMER = "media-service.chat-events";

    @Inject
    IdempotentHandler handler;

    @Inject
    MediaService media;

    @Incoming("media-chat-events")
    public Uni<Void> consume(String payload) {
        ChatEvent event = JsonCodec.decode(payload, ChatEvent.class);
        if (!(event instanceof ProjectDeleted deleted)) {
            return Uni.createFrom().voidItem();
        }
        // the rows are soft-deleted here; the removal job takes their bytes from S3 afterwards
        return handler.handleOnce(CONSUMER, deleted, tx -> media.deleteProject(tx, deleted.ownerId(), deleted.projectId())
                        .replaceWithVoid())
                .replaceWithVoid();
    }
}
