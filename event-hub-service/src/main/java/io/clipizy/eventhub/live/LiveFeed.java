package io.clipizy.eventhub.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.eventhub.domain.StoredEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Live delivery across instances. The instance whose Kafka consumer stores a batch delivers it to its own sessions
 * directly after the commit ({@link #delivered}), and announces it on PostgreSQL's {@code eventhub_events} channel in
 * the same transaction: one notification per batch (more only when it would pass PostgreSQL's 8000-byte limit), naming
 * each stream's owner and cursor range, not the events. Every other instance hears it at commit and, when it holds
 * sessions of one of the owners, reads those ranges from the store in one query and fans them out. The consumer group
 * stays shared (each record is stored once) while every instance serves its own sockets. After the listening
 * connection is lost and re-established, every session re-reads its streams from the store, so nothing announced
 * meanwhile is missed.
 */
@ApplicationScoped
public class LiveFeed {
    public static final String CHANNEL = "eventhub_events";
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    /** Below PostgreSQL's 8000-byte payload limit, with room for one more range. */
    private static final int MAX_ANNOUNCEMENT = 7000;
    /**
     * Where the one-statement write path ({@link io.clipizy.eventhub.persistence.ReplayRepository#storeBatch}) cuts its
     * announcements: their ranges' JSON, counted exactly, passes it by at most one range (about 2.1 kB at worst).
     */
    public static final int ANNOUNCEMENT_BYTES = 5500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Tells this instance's own announcements, which it has already delivered, from those of the others. */
    final String instance = UUID.randomUUID().toString();
    /**
     * How this instance's own announcements begin ({@link #announcement} writes "from" first): they come back to it,
     * one per stored batch, and are recognised without being parsed.
     */
    private final String ownPrefix = "{\"from\":\"" + instance + "\"";

    @Inject
    Vertx vertx;

    @Inject
    SessionRegistry sessions;

    @Inject
    LiveStore store;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private PgSubscriber subscriber;
    private volatile boolean listening;
    /** Announced ranges are read and fanned out one announcement after the other, in the order they were heard. */
    private CompletableFuture<Void> reading = CompletableFuture.completedFuture(null);

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        // A lost connection is retried every second, for ever: the subscriber asks this policy first (attempt 0),
        // then after each failed try, and calls its close handler only when it is closed for good — by stop().
        subscriber.reconnectPolicy(attempt -> {
            if (attempt == 0) {
                listening = false;
                LOG.warn("Lost the live feed's database connection; reconnecting every second");
            }
            return RECONNECT_DELAY.toMillis();
        });
        subscriber.closeHandler(() -> listening = false);
        subscriber.channel(CHANNEL)
                .handler(this::announced)
                .subscribeHandler(() -> {
                    listening = true;
                    sessions.catchUpAll();
                });
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
    }

    /** This instance's id, which its announcements carry first as {@code "from"}. */
    public String instance() {
        return instance;
    }

    /** Whether announcements are being received (false while the listening connection is being re-established). */
    public boolean listening() {
        return listening;
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Events this instance just stored (committed): fanned out to its sessions, each frame written once. */
    public void delivered(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            if (sessions.hasSessions(event.ownerId())) {
                sessions.announce(event.ownerId(), event.stream(), event.cursor(),
                        Frames.event(event.stream(), event.cursor(), event.payload()));
            }
        }
    }

    /**
     * The announcements of a stored batch: {@code {"from":instance,"ranges":[[owner,stream,first,last],...]}}, one
     * range per stream ({@code events} holds each stream's events together, in cursor order), split so that none passes
     * PostgreSQL's payload limit.
     */
    public String[] announcements(List<StoredEvent> events) {
        List<String> out = new ArrayList<>(1);
        ArrayNode ranges = null;
        int size = 0;
        int i = 0;
        while (i < events.size()) {
            StoredEvent first = events.get(i);
            int j = i;
            while (j + 1 < events.size() && events.get(j + 1).stream().equals(first.stream())) {
                j++;
            }
            if (ranges == null) {
                ranges = JsonCodec.mapper().createArrayNode();
                size = 0;
            }
            ArrayNode range = ranges.addArray().add(first.ownerId()).add(first.stream().toString()).add(first.cursor())
                    .add(events.get(j).cursor());
            size += first.ownerId().length() * 6 + first.stream().toString().length() + 50;
            if (size > MAX_ANNOUNCEMENT) {
                out.add(announcement(ranges));
                ranges = null;
            }
            i = j + 1;
        }
        if (ranges != null) {
            out.add(announcement(ranges));
        }
        return out.toArray(new String[0]);
    }

    private String announcement(ArrayNode ranges) {
        ObjectNode node = JsonCodec.mapper().createObjectNode();
        node.put("from", instance);
        node.set("ranges", ranges);
        return node.toString();
    }

    private void announced(String notification) {
        if (notification.startsWith(ownPrefix)) {
            return;
        }
        List<String> streams = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        try {
            JsonNode node = JsonCodec.mapper().readTree(notification);
            if (instance.equals(node.path("from").asText())) {
                return;
            }
            for (JsonNode range : node.path("ranges")) {
                if (sessions.hasSessions(range.path(0).asText())) {
                    streams.add(range.path(1).asText());
                    from.add(range.path(2).asLong());
                    to.add(range.path(3).asLong());
                }
            }
        } catch (Exception e) {
            LOG.warnf("Ignoring an unreadable announcement (the sessions read the store on the next one): %s", e.toString());
            return;
        }
        if (streams.isEmpty()) {
            return;
        }
        String[] keys = streams.toArray(new String[0]);
        Long[] first = from.toArray(new Long[0]);
        Long[] last = to.toArray(new Long[0]);
        synchronized (this) {
            reading = reading.thenCompose(done -> store.ranges(keys, first, last)
                    .onItem().invoke(this::fanOut)
                    .onFailure().invoke(failure -> {
                        LOG.warnf("Reading announced events failed, every session re-reads its streams: %s", failure.toString());
                        sessions.catchUpAll();
                    })
                    .onFailure().recoverWithNull()
                    .replaceWithVoid()
                    .subscribeAsCompletionStage());
        }
    }

    private void fanOut(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            sessions.announce(event.ownerId(), event.stream(), event.cursor(),
                    Frames.event(event.stream(), event.cursor(), event.payload()));
        }
    }
}
