package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.MediaAsset;
import java.util.UUID;

/** A media asset as generation-gateway reads it over the internal API: what it needs to fetch and use the bytes. */
public record InternalMediaView(UUID assetId, String ownerId, UUID projectId, MediaKind kind, MediaRole role,
                                String contentType, long sizeBytes, String sha256, AssetStatus status,
                                Double durationSec, Integer width, Integer height, String fileName) {

    public static InternalMediaView of(MediaAsset a) {
        return new InternalMediaView(a.id(), a.ownerId(), a.projectId(), a.kind(), a.role(), a.contentType(),
                a.sizeBytes(), a.sha256(), a.status(), a.facts().durationSeconds(), a.facts().width(),
                a.facts().height(), a.fileName());
    }
}
