package io.clipizy.media.api;

/**
 * What a client announces before sending a file straight to S3: its media type (one we serve; checked again against
 * the bytes), its exact size, and optionally its name, project, role (upload or reference) and SHA-256 (hex).
 */
public record DirectUploadRequest(String contentType, Long sizeBytes, String fileName, String projectId, String role,
                                  String sha256) {
}
