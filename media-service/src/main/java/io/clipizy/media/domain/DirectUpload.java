package io.clipizy.media.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An upload sent by the client straight to S3: in one presigned PUT ({@code uploadId} null) or in parts of
 * {@code partSize} bytes to the S3 multipart upload {@code uploadId}; the SHA-256 the client announced, if any.
 */
public record DirectUpload(UUID assetId, String uploadId, Long partSize, String expectedSha256, Instant expiresAt) {
    public boolean multipart() {
        return uploadId != null;
    }
}
