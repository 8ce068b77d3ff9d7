package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.util.UUID;

/** One stored output of a task: a media asset id (never a provider URL that will expire). */
public record TaskOutput(int index, UUID mediaId, MediaKind kind, String contentType) {
    public TaskOutput {
        Require.nonNegative(index, "index");
        Require.present(mediaId, "mediaId");
        Require.present(kind, "kind");
        Require.text(contentType, "contentType");
    }
}
