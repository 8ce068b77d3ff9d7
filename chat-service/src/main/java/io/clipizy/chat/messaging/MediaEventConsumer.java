package io.clipizy.chat.messaging;

import io.clipizy.chat.persistence.ProjectRepository;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code media.events} for project covers: the latest final or generated image (or a video's thumbnail)
 * stored for a project becomes its cover; deleting the cover asset clears it. Applied once per event (inbox).
 */
@ApplicationScoped
public class MediaEventConsumer {
    static final String CONSUMER = "chat-service.media-events";
    private static final Set<MediaRole> COVER_ROLES = Set.of(MediaRole.FINAL, MediaRole.GENERATED, MediaRole.THUMBNAIL);

    @Inject
    IdempotentHandler handler;

    @Inject
    ProjectRepository projects;

    @Incoming("media-events")
    public Uni<Void> consume(String payload) {
        MediaEvent event = JsonCodec.decode(payload, MediaEvent.class);
        if (event instanceof MediaStored stored && stored.projectId() != null && stored.kind() == MediaKind.IMAGE
                && COVER_ROLES.contains(stored.role())) {
            return handler.handleOnce(CONSUMER, event, tx -> projects.offerCover(tx, stored.projectId(), stored.ownerId(),
                    stored.assetId(), stored.occurredAt()).replaceWithVoid()).replaceWithVoid();
        }
        if (event instanceof MediaDeleted deleted && deleted.projectId() != null) {
            return handler.handleOnce(CONSUMER, event, tx -> projects.dropCover(tx, deleted.projectId(), deleted.ownerId(),
                    deleted.assetId())).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
