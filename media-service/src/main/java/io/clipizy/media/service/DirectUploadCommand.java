package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaRole;
import io.clipizy.media.domain.MediaFormat;
import java.util.UUID;

/** A validated request to upload straight to S3: what the client announces it will send. */
public record DirectUploadCommand(MediaFormat.Variant variant, long sizeBytes, String fileName, UUID projectId,
                                  MediaRole role, String sha256) {
}
