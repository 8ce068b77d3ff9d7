package io.clipizy.gateway.local;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the service's one {@link LocalEngine} from configuration and stops its workers on shutdown. */
@ApplicationScoped
public class LocalEngineProducer {
    @ConfigProperty(name = "clipizy.ffmpeg.path", defaultValue = "ffmpeg")
    String ffmpeg;

    @ConfigProperty(name = "clipizy.ffprobe.path", defaultValue = "ffprobe")
    String ffprobe;

    @ConfigProperty(name = "clipizy.local.workers", defaultValue = "1")
    int workers;

    @ConfigProperty(name = "clipizy.local.queue", defaultValue = "16")
    int queue;

    @ConfigProperty(name = "clipizy.local.max-audio-seconds", defaultValue = "10800")
    double maxAudioSeconds;

    @ConfigProperty(name = "clipizy.local.work-dir", defaultValue = "${java.io.tmpdir}/clipizy-local")
    String workDir;

    @ConfigProperty(name = "clipizy.local.preset", defaultValue = "veryfast")
    String preset;

    @ConfigProperty(name = "clipizy.local.crf", defaultValue = "20")
    int crf;

    @Produces
    @ApplicationScoped
    LocalEngine engine() {
        return new LocalEngine(new LocalEngineConfig(Path.of(ffmpeg), Path.of(ffprobe), workers, queue,
                maxAudioSeconds, Path.of(workDir), preset, crf));
    }

    void close(@Disposes LocalEngine engine) {
        engine.close();
    }
}
