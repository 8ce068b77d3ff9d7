package io.clipizy.gateway.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the video jobs API: where media-service is, the media worker pool, GIF and analysis limits. */
@ConfigMapping(prefix = "clipizy.jobs")
public interface JobsConfig {
    /** Base URL of media-service; content is read with the caller's own token, so ownership is checked there too. */
    @WithDefault("http://localhost:8084")
    String mediaUrl();

    /** Threads converting GIFs and analysing videos (FFmpeg-bound); more requests than workers + queue get a 503. */
    @WithDefault("1")
    int workers();

    @WithDefault("4")
    int queue();

    /** The largest video downloaded for a GIF or an analysis. */
    @WithDefault("536870912")
    long maxVideoBytes();

    /** How long a media-service request may take to start answering. */
    @WithDefault("30s")
    Duration mediaTimeout();

    Gif gif();

    Analysis analysis();

    /** GIF conversion: the widest and fastest GIF made, and the size it is shrunk to fit under. */
    interface Gif {
        @WithDefault("480")
        int maxWidth();

        @WithDefault("12")
        int fps();

        @WithDefault("8388608")
        long maxBytes();
    }

    /** Video analysis: the scene-change threshold (scdet score, percent) and how long a vision LLM may take. */
    interface Analysis {
        @WithDefault("10")
        double sceneThreshold();

        @WithDefault("4")
        int frames();

        @WithDefault("120s")
        Duration llmTimeout();
    }
}
