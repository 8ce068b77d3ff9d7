package io.clipizy.gateway.local;

import io.clipizy.infra.FfmpegTools;
import java.nio.file.Path;

/** The bundled FFmpeg for plain unit tests, and engine settings around it. */
public final class EngineFixture {
    private static FfmpegTools tools;

    private EngineFixture() {
    }

    public static synchronized FfmpegTools tools() {
        if (tools == null) {
            tools = FfmpegTools.extract(FfmpegTools.defaultCache());
        }
        return tools;
    }

    public static LocalEngineConfig config(Path workDir) {
        LocalEngineConfig defaults = LocalEngineConfig.defaults(tools().ffmpeg(), tools().ffprobe());
        return new LocalEngineConfig(defaults.ffmpeg(), defaults.ffprobe(), 1, 4, defaults.maxAudioSeconds(), workDir,
                "ultrafast", 23);
    }
}
