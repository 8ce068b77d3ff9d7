package io.clipizy.eventhub.live;

import io.clipizy.eventhub.config.EventHubConfig;
import io.clipizy.eventhub.domain.StreamKey;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's live sessions, by owner: what an announced event is fanned out to. */
@ApplicationScoped
public class SessionRegistry {
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();

    @Inject
    LiveStore store;

    @Inject
    LiveMetrics metrics;

    @Inject
    EventHubConfig config;

    /** A new session for the user, or null when the user already holds the most connections allowed. */
    public Session open(String connectionId, String userId, Session.Outbound out) {
        Session session = new Session(connectionId, userId, out, store, metrics,
                new Session.Limits(config.maxSubscriptionsPerConnection(), config.maxPendingFrames(), config.maxClientFrameBytes()));
        boolean[] added = {false};
        byUser.compute(userId, (user, sessions) -> {
            Set<Session> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            if (set.size() < config.maxConnectionsPerUser()) {
                added[0] = set.add(session);
            }
            return set.isEmpty() ? null : set;
        });
        if (!added[0]) {
            metrics.dropped("too-many-connections");
            return null;
        }
        metrics.connections(1);
        return session;
    }

    /** Forgets a session whose connection is gone. */
    public void closed(Session session) {
        session.ended();
        boolean[] removed = {false};
        byUser.computeIfPresent(session.userId(), (user, sessions) -> {
            removed[0] = sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        if (removed[0]) {
            metrics.connections(-1);
        }
    }

    /** Whether the user has a session on this instance (so that announced events of theirs need reading at all). */
    public boolean hasSessions(String userId) {
        return userId != null && byUser.containsKey(userId);
    }

    /** Hands an announced event to every session of its owner; each decides whether it follows the stream. */
    public void announce(String ownerId, StreamKey stream, long cursor, String frame) {
        Set<Session> sessions = byUser.get(ownerId);
        if (sessions != null) {
            sessions.forEach(session -> session.live(stream, cursor, frame));
        }
    }

    /** Every session re-reads what it follows (announcements may have been lost). */
    public void catchUpAll() {
        byUser.values().forEach(sessions -> sessions.forEach(Session::catchUp));
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeIdle() {
        long now = System.nanoTime();
        long limit = config.idleTimeout().toNanos();
        byUser.values().forEach(sessions -> sessions.forEach(session -> {
            if (session.idleNanos(now) > limit) {
                metrics.dropped("idle");
                session.close(CloseCodes.IDLE, "idle timeout: no frame or pong received");
            }
        }));
    }
}
