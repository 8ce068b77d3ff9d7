package io.clipizy.media.api;

import java.net.URI;
import java.time.Instant;

/** A presigned URL that downloads an asset's bytes straight from S3 until {@code expiresAt}. */
public record DownloadUrl(URI url, Instant expiresAt) {
}
