package io.clipizy.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.MediaKind;
import java.nio.file.Path;
import java.util.List;

/**
 * What a finished job produced: media files already downloaded into the task's work directory (the executor stores them
 * through media-service, in this order, and publishes their media ids), and a JSON result (an analysis, an LLM answer,
 * facts about the outputs). Either may be empty, not both.
 */
public record ProviderResult(List<Output> outputs, JsonNode result) {
    public ProviderResult {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** One produced file; {@code fileName} is a suggestion, sanitised by media-service. */
    public record Output(Path file, MediaKind kind, String contentType, String fileName) {
    }
}
