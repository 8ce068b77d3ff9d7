package io.clipizy.media.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The media service's own settings ({@code clipizy.media.*}); every one overridable by environment variable. */
@ConfigMapping(prefix = "clipizy.media")
public interface MediaConfig {
    /** The S3 bucket holding every asset's bytes; created at start-up when absent. */
    @WithDefault("clipizy-media")
    String bucket();

    /** The largest upload accepted for each kind of media. */
    MaxSize maxSize();

    Storage storage();

    /** Upload size limits per kind. */
    interface MaxSize {
        @WithDefault("200M")
        MemorySize audio();

        @WithDefault("25M")
        MemorySize image();

        @WithDefault("2G")
        MemorySize video();
    }

    /** How the service talks to S3. */
    interface Storage {
        /** Threads for short blocking storage calls: S3 requests, download chunks, upload headers. */
        @WithDefault("16")
        int threads();

        /** Uploads sent to S3 at once; each holds one part buffer, so this bounds their memory. */
        @WithDefault("4")
        int uploadThreads();

        /**
         * Size of one multipart-upload part; a smaller upload is sent in one PUT. S3 wants at least 5 MiB for every
         * part but the last.
         */
        @WithDefault("8M")
        MemorySize partSize();

        /** How long the readiness check waits for S3 before declaring it down. */
        @WithDefault("3s")
        Duration healthTimeout();

        /** How often start-up's bucket creation is retried while S3 could not be reached. */
        @WithDefault("15s")
        Duration bucketRetry();
    }
}
