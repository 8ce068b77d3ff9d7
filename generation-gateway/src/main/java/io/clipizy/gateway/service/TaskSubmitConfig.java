package io.clipizy.gateway.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/**
 * How tasks submitted over the API are written: {@code clipizy.tasks.submit.*}. Submissions that arrive while the
 * statements in flight run are written together by the next statement (group commit), so under load one round trip
 * and one PostgreSQL commit serve many requests; a lone submission is written at once, as before.
 */
@ConfigMapping(prefix = "clipizy.tasks.submit")
public interface TaskSubmitConfig {
    /** Most submissions one statement writes; 1 writes each on its own. */
    @WithDefault("64")
    @Positive
    int batchSize();

    /** Submission statements running at once; what arrives meanwhile waits for the next free one. */
    @WithDefault("2")
    @Positive
    int concurrentWrites();
}
