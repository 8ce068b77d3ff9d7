package io.clipizy.gateway.provider.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds provider calls for adapter tests: input media held as real files, and progress recorded. */
public final class TestCalls {
    private final Path dir;
    private final Map<UUID, InputMedia.LocalMedia> media = new ConcurrentHashMap<>();
    public final List<Progress> progress = new CopyOnWriteArrayList<>();

    /** One progress report. */
    public record Progress(double fraction, String message) {
    }

    public TestCalls(Path dir) {
        this.dir = dir;
    }

    /** Adds an input file (as media-service would hand it over) and answers its media id. */
    public UUID media(MediaKind kind, String contentType, byte[] bytes, String extension) {
        UUID id = UUID.randomUUID();
        Path file = dir.resolve("input-" + id + "." + extension);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        media.put(id, new InputMedia.LocalMedia(id, file, kind, contentType, bytes.length));
        return id;
    }

    public ProviderCall call(TaskKind kind, String params) {
        return call(UUID.randomUUID(), kind, params, Duration.ofSeconds(30));
    }

    public ProviderCall call(UUID taskId, TaskKind kind, String params, Duration timeLeft) {
        JsonNode json;
        try {
            json = JsonCodec.mapper().readTree(params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path work = dir.resolve("work-" + taskId);
        InputMedia inputs = id -> {
            InputMedia.LocalMedia found = media.get(id);
            return found == null ? Uni.createFrom().failure(ProviderException.invalidInput("media " + id + " not found"))
                    : Uni.createFrom().item(found);
        };
        ProgressSink sink = (fraction, message) -> progress.add(new Progress(fraction, message));
        return new ProviderCall(taskId, "alice", UUID.randomUUID(), kind, json, Instant.now().plus(timeLeft), work,
                inputs, sink);
    }
}
