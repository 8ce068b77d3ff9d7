package io.clipizy.media.service;

import java.nio.file.Path;

/** A file received from a client: where it was spooled, its size, and what the client said it is (not trusted). */
public record Upload(Path file, long size, String fileName, String declaredType) {
}
