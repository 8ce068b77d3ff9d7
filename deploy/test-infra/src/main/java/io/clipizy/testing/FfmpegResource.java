package io.clipizy.testing;

import io.clipizy.infra.FfmpegTools;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The bundled ffmpeg/ffprobe, extracted once into the shared cache; hands their paths to the service config. */
public class FfmpegResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        FfmpegTools tools = FfmpegTools.extract(FfmpegTools.defaultCache());
        return Map.of(
                "clipizy.ffmpeg.path", tools.ffmpeg().toString(),
                "clipizy.ffprobe.path", tools.ffprobe().toString());
    }

    @Override
    public void stop() {
        // the cache is kept for later runs
    }
}
