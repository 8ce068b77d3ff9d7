package io.clipizy.gateway.local;

import java.nio.file.Path;

/**
 * Settings of the local engine: the FFmpeg programs, how many CPU-heavy operations run at once and how many may wait,
 * the longest audio it analyses, where temporary files go, and the default x264 preset and CRF.
 */
public record LocalEngineConfig(Path ffmpeg, Path ffprobe, int workers, int queue, double maxAudioSeconds,
                                Path workDir, String preset, int crf) {
    public LocalEngineConfig {
        if (workers < 1 || queue < 0) {
            throw new IllegalArgumentException("workers must be at least 1 and queue not negative");
        }
        if (!(maxAudioSeconds > 0)) {
            throw new IllegalArgumentException("maxAudioSeconds must be positive");
        }
    }

    /** Defaults for the given programs: one worker, three hours of audio, the system temp folder, veryfast/20. */
    public static LocalEngineConfig defaults(Path ffmpeg, Path ffprobe) {
        return new LocalEngineConfig(ffmpeg, ffprobe, 1, 16, 3 * 3600.0,
                Path.of(System.getProperty("java.io.tmpdir")), "veryfast", 20);
    }
}
