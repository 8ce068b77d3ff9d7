package io.clipizy.eventhub.live;

import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StoredEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** What live connections read from the shared replay store: a stream's head, and its events after a cursor. */
@ApplicationScoped
public class LiveStore {
    @Inject
    ReplayRepository replay;

    @Inject
    Pool pool;

    public Uni<StreamHead> head(StreamKey stream) {
        return replay.head(pool, stream);
    }

    /** The stored events of the streams' cursor ranges {@code from[i] .. to[i]}, in stream and cursor order. */
    public Uni<List<StoredEvent>> ranges(String[] streams, Long[] from, Long[] to) {
        return replay.ranges(pool, streams, from, to);
    }

    public Uni<List<ReplayEvent>> after(StreamKey stream, String ownerId, long cursor, int limit) {
        return replay.after(pool, stream, ownerId, cursor, limit);
    }
}
