package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds provider calls for adapter tests: a work directory, input media served from files as media-service would
 * (an unknown id is invalid input, as another user's would be), and a progress sink that records what it was told.
 */
public final class TestCalls {
    /** Fast guard settings for tests: short backoff, a 2 s attempt timeout, 2 retries. */
    public static final ProviderGuard.Settings GUARD = ProviderGuard.Settings.defaults()
            .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(50)).withAttemptTimeout(Duration.ofSeconds(2));

    public final Path workDir;
    public final Map<UUID, InputMedia.LocalMedia> media = new ConcurrentHashMap<>();
    public final List<Double> progress = Collections.synchronizedList(new ArrayList<>());
    public final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    public TestCalls(Path workDir) {
        this.workDir = workDir;
    }

    /** Registers a file as an input media asset and answers its id. */
    public UUID addMedia(byte[] bytes, MediaKind kind, String contentType, String fileName) throws IOException {
        UUID id = UUID.randomUUID();
        Path file = Files.createDirectories(workDir.resolve("inputs")).resolve(fileName);
        Files.write(file, bytes);
        media.put(id, new InputMedia.LocalMedia(id, file, kind, contentType, bytes.length));
        return id;
    }

    public ProviderCall call(TaskKind kind, String paramsJson) {
        return call(kind, JsonCodec.decode(paramsJson, JsonNode.class), Instant.now().plus(Duration.ofMinutes(5)));
    }

    public ProviderCall call(TaskKind kind, JsonNode params, Instant deadline) {
        InputMedia inputs = id -> {
            InputMedia.LocalMedia found = media.get(id);
            return found == null ? Uni.createFrom().failure(ProviderException.invalidInput("media " + id + " does not exist"))
                    : Uni.createFrom().item(found);
        };
        ProgressSink sink = (fraction, message) -> {
            progress.add(fraction);
            messages.add(message);
        };
        return new ProviderCall(UUID.randomUUID(), "alice", UUID.randomUUID(), kind, params, deadline, workDir, inputs, sink);
    }

    /** A tiny valid PNG (1x1, red). */
    public static byte[] png() {
        return java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    }
}
