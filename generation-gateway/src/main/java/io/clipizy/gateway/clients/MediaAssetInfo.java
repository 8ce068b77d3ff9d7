package io.clipizy.gateway.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.clipizy.contracts.event.MediaKind;
import java.util.UUID;

/** What media-service's internal API says about one asset ({@code GET /api/internal/media/{id}}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaAssetInfo(UUID assetId, String ownerId, UUID projectId, MediaKind kind, String role,
                             String contentType, long sizeBytes, String sha256, String status, Double durationSec,
                             Integer width, Integer height, String fileName) {
}
