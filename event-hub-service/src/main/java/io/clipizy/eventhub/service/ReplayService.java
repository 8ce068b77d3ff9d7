package io.clipizy.eventhub.service;

import io.clipizy.contracts.event.Message;
import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.ReplaySlice;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import io.clipizy.eventhub.domain.StreamRouting;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/** Stores consumed records in their replay streams, and replays a stream to its owner after a cursor. */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    @Inject
    ReplayRepository replay;

    @Inject
    UnitOfWork unitOfWork;

    /**
     * Stores the record, in the caller's transaction, in every stream it belongs to, one after the other in key order
     * (the cursor locks are taken in that order, so concurrent records never deadlock).
     */
    public Uni<Void> store(SqlConnection tx, Message record, String payload) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (StreamKey stream : StreamRouting.streamsOf(record)) {
            chain = chain.chain(() -> replay.append(tx, stream, record, payload).invoke(cursor -> {
                if (cursor == null) {
                    LOG.warnf("%s %s names %s, which belongs to another user: not stored there", record.type(),
                            record.eventId(), stream);
                }
            })).replaceWithVoid();
        }
        return chain;
    }

    /**
     * The caller's events of the stream after the cursor. A stream of another user answers 404 exactly like an unknown
     * one, so its existence is not revealed; the caller's own user stream always exists, if only empty.
     */
    public Uni<ReplaySlice> replay(String callerId, StreamKey stream, long after, int limit) {
        return unitOfWork.read(c -> replay.owner(c, stream).chain(owner -> {
            boolean ownUserStream = stream.kind() == StreamKind.USER && stream.id().equals(callerId);
            if (!ownUserStream && !callerId.equals(owner)) {
                throw ProblemException.notFound("Stream");
            }
            return replay.after(c, stream, callerId, after, limit + 1).chain(events -> replay.oldestCursor(c, stream)
                    .map(oldest -> slice(stream, events, limit, after, oldest)));
        }));
    }

    private static ReplaySlice slice(StreamKey stream, List<ReplayEvent> events, int limit, long after, Long oldest) {
        boolean hasMore = events.size() > limit;
        boolean truncated = oldest != null && oldest > after + 1;
        return new ReplaySlice(stream, hasMore ? events.subList(0, limit) : events, hasMore, truncated);
    }
}
