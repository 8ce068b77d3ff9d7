package io.clipizy.eventhub.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.eventhub.domain.StreamKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Listens on PostgreSQL's {@code eventhub_events} channel, where the replay store announces every stored event with its
 * stream and cursor (V2 migration), and fans each announcement out to this instance's sessions. Whichever instance's
 * Kafka consumer stored an event, every instance hears of it once it is committed: the consumer group stays shared
 * (each record is stored once) while every instance serves its own sockets. After the listening connection is lost
 * and re-established, every session re-reads its streams from the store, so nothing announced meanwhile is missed.
 */
@ApplicationScoped
public class LiveFeed {
    static final String CHANNEL = "eventhub_events";
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    @Inject
    Vertx vertx;

    @Inject
    SessionRegistry sessions;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private PgSubscriber subscriber;
    private volatile boolean listening;

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(attempt -> Duration.ofSeconds(1).toMillis());
        subscriber.closeHandler(() -> {
            listening = false;
            LOG.warn("Lost the live feed's database connection; reconnecting");
        });
        subscriber.channel(CHANNEL)
                .handler(this::announced)
                .subscribeHandler(() -> {
                    listening = true;
                    sessions.catchUpAll();
                });
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
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

    private void announced(String notification) {
        try {
            JsonNode node = JsonCodec.mapper().readTree(notification);
            StreamKey stream = StreamKey.parse(node.path("stream").asText(null)).orElseThrow();
            long cursor = node.path("cursor").asLong();
            JsonNode payload = node.get("event");
            String frame = payload == null || payload.isNull() ? null : Frames.event(stream, cursor, payload.toString());
            sessions.announce(node.path("owner").asText(), stream, cursor, frame);
        } catch (Exception e) {
            LOG.warnf("Ignoring an unreadable announcement (the sessions read the store on the next one): %s", e.toString());
        }
    }
}
