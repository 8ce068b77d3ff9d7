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

    /**
     * Where uploads streamed through the service are written while they are inspected and sent to S3; each file is
     * removed when its request ends (refused, failed or stored).
     */
    @WithDefault("${java.io.tmpdir}/clipizy-media-uploads")
    String uploadDir();

    /** The largest upload accepted for each kind of media. */
    MaxSize maxSize();

    Storage storage();

    /** The most bytes one user may keep stored (READY assets and uploads awaited); beyond it uploads answer 413. */
    @WithDefault("10G")
    MemorySize quota();

    Presign presign();

    /** FFprobe and FFmpeg runs at once, on a pool of their own: they block and burn CPU. */
    @WithDefault("2")
    int ffmpegThreads();

    /** How long one FFprobe or FFmpeg run may take before it is killed. */
    @WithDefault("PT5M")
    Duration ffmpegTimeout();

    Derive derive();

    /**
     * The sweeper judges only objects and rows older than this, so an upload in flight (bytes in S3, row not yet
     * written) is never taken for an orphan.
     */
    @WithDefault("1H")
    Duration sweepGrace();

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

    /** Making thumbnails and waveforms. */
    interface Derive {
        /** How many derivations one instance takes per round. */
        @WithDefault("4")
        int batch();

        /** Attempts before a derivation is left FAILED. */
        @WithDefault("3")
        int attempts();
    }

    /** Presigned URLs: how long they stay valid, and the part size offered to clients for direct multipart uploads. */
    interface Presign {
        /** Lifetime of a presigned download (GET) URL. */
        @WithDefault("15M")
        Duration getTtl();

        /** Lifetime of presigned upload (PUT and part) URLs: long enough to send a large video. */
        @WithDefault("1H")
        Duration putTtl();

        /**
         * Part size of a direct multipart upload; a declared size above it gets part URLs instead of one PUT URL. S3
         * allows 10,000 parts, so 200 MiB parts cover every size a kind limit admits.
         */
        @WithDefault("200M")
        MemorySize partSize();
    }
}
