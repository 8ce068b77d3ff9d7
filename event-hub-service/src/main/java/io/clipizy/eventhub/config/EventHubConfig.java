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
}
