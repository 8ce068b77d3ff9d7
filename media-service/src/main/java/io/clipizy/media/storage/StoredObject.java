package io.clipizy.media.storage;

/** The outcome of storing a file: how many bytes went to S3, and their SHA-256 computed as they were read. */
public record StoredObject(long sizeBytes, String sha256) {
}
