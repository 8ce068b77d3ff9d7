package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.MediaAsset;
import java.time.Instant;
import java.util.UUID;

/** A media asset as its owner sees it over the API; {@code contentUrl} serves its bytes. */
public record MediaView(UUID id, MediaKind kind, MediaRole role, AssetStatus status, String contentType, long sizeBytes,
                        String sha256, String fileName, UUID projectId, Double durationSeconds, Integer width,
                        Integer height, Double fps, String videoCodec, String audioCodec, Integer sampleRate,
                        UUID taskId, Integer outputIndex, Instant createdAt, String contentUrl) {

    public static MediaView of(MediaAsset a) {
        return new MediaView(a.id(), a.kind(), a.role(), a.status(), a.contentType(), a.sizeBytes(), a.sha256(),
                a.fileName(), a.projectId(), a.facts().durationSeconds(), a.facts().width(), a.facts().height(),
                a.facts().fps(), a.facts().videoCodec(), a.facts().audioCodec(), a.facts().sampleRate(), a.taskId(), a.outputIndex(),
                a.createdAt(), MediaResource.PATH + "/" + a.id() + "/content");
    }
}
