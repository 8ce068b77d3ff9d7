package io.clipizy.eventhub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/** Event hub settings ({@code clipizy.eventhub.*}), checked at startup. */
@ConfigMapping(prefix = "clipizy.eventhub")
public interface EventHubConfig {
    /** How long every event stays replayable. */
    @WithDefault("15m")
    Duration replayWindow();

    /** How many of each stream's most recent events stay replayable however old they are. */
    @WithDefault("1000")
    @PositiveOrZero
    int replayMinEvents();

    /** How often the pruning job runs (read by its {@code @Scheduled} expression; here so it is documented and checked). */
    @WithDefault("1m")
    Duration pruneInterval();

    /** The most events one pruning statement deletes, so a backlog is worked off in short transactions. */
    @WithDefault("5000")
    @Positive
    int pruneBatchSize();

    /** A connection that sends nothing (not even a pong to the server's pings) for this long is closed. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** How often the server pings every connection (read by the WebSocket layer; here so it is documented and checked). */
    @WithDefault("20s")
    Duration pingInterval();

    /** The largest client frame accepted, in UTF-8 bytes; a bigger one closes the connection with 1009. */
    @WithDefault("4096")
    @Positive
    int maxClientFrameBytes();

    /** How many streams one connection may follow at once. */
    @WithDefault("50")
    @Positive
    int maxSubscriptionsPerConnection();

    /** How many live connections one user may hold, over all of this instance's sockets. */
    @WithDefault("20")
    @Positive
    int maxConnectionsPerUser();

    /** How many frames may wait to be written to one connection before it is closed as too slow (4002, resume). */
    @WithDefault("2000")
    @Positive
    int maxPendingFrames();
}
