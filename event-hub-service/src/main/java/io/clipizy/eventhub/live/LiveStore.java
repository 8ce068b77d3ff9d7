package io.clipizy.eventhub.live;

import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** What a live connection reads from the shared replay store: a stream's head, and its events after a cursor. */
@ApplicationScoped
public class LiveStore {
    @Inject
    ReplayRepository replay;

    @Inject
    Pool pool;

    public Uni<StreamHead> head(StreamKey stream) {
        return replay.head(pool, stream);
    }

    public Uni<List<ReplayEvent>> after(StreamKey stream, String ownerId, long cursor, int limit) {
        return replay.after(pool, stream, ownerId, cursor, limit);
    }
}
