package io.clipizy.media.service;

import io.clipizy.media.domain.MediaAsset;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Where a client sends the bytes of a direct upload: one presigned {@code putUrl}, or one presigned URL per part of
 * {@code partSize} bytes (the last part may be shorter); the URLs work until {@code expiresAt}.
 */
public record DirectUploadTicket(MediaAsset asset, URI putUrl, Long partSize, List<Part> parts, Instant expiresAt) {
    /** One part of a multipart upload: its number (from 1), its exact size and its presigned PUT URL. */
    public record Part(int partNumber, long sizeBytes, URI url) {
    }
}
