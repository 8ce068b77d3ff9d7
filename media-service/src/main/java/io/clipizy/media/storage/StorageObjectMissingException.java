package io.clipizy.media.storage;

/** S3 answered that no object lies under a key the database says is stored. */
public class StorageObjectMissingException extends RuntimeException {
    public StorageObjectMissingException(String key, Throwable cause) {
        super("no object under " + key, cause);
    }
}
