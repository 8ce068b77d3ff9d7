package io.clipizy.eventhub.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the live feed cannot hear announcements: new sockets would get no live events until it recovers. */
@Readiness
@ApplicationScoped
public class LiveFeedHealth implements HealthCheck {
    @Inject
    LiveFeed feed;

    @Inject
    LiveMetrics metrics;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Live feed (PostgreSQL LISTEN eventhub_events)")
                .status(feed.listening())
                .withData("connections", metrics.openConnections())
                .build();
    }
}
