package io.clipizy.media.domain;

/** Where a media asset stands: its bytes awaited, stored and usable, refused after inspection, or deleted. */
public enum AssetStatus {
    PENDING_UPLOAD,
    READY,
    REJECTED,
    DELETED
}
