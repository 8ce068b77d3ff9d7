package io.clipizy.media.storage;

/** S3 could not be reached or refused to serve a request; the operation may succeed later. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
