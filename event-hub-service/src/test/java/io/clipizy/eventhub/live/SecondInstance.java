package io.clipizy.eventhub.live;

import io.clipizy.eventhub.config.EventHubConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A second event-hub instance inside the test JVM: its own session registry and its own LISTEN connection, sharing
 * only the database with the application's instance — what resume and fan-out across instances need.
 */
@Singleton
class SecondInstance {
    @Inject
    LiveStore store;

    @Inject
    LiveMetrics metrics;

    @Inject
    EventHubConfig config;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** Starts one (listening); close it to stop its LISTEN connection. */
    Running start() {
        SessionRegistry sessions = new SessionRegistry();
        sessions.store = store;
        sessions.metrics = metrics;
        sessions.config = config;
        LiveFeed feed = new LiveFeed();
        feed.vertx = vertx;
        feed.sessions = sessions;
        feed.store = store;
        feed.url = url;
        feed.user = user;
        feed.password = password;
        feed.start(null);
        return new Running(sessions, feed);
    }

    record Running(SessionRegistry sessions, LiveFeed feed) implements AutoCloseable {
        @Override
        public void close() {
            feed.stop(null);
        }
    }
}
