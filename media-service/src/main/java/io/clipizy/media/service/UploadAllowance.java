package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.kit.web.ProblemException;
import java.util.Set;

/**
 * What one upload streamed through the service may bring, settled before its bytes arrive: no more than the size limit
 * of the kinds it may be, and no more than the room left in its owner's quota. Asked on the length a request announces
 * and again on every chunk as it arrives, so an oversized upload is refused while it streams, not after.
 */
public final class UploadAllowance {
    private final UploadLimits limits;
    private final StorageQuota quota;
    private final long used;

    UploadAllowance(UploadLimits limits, StorageQuota quota, long used) {
        this.limits = limits;
        this.quota = quota;
        this.used = used;
    }

    /**
     * The 413 answer when a file of at least {@code bytes}, of one of {@code kinds}, is already too large for its kind
     * or its owner's quota; null while it may still fit.
     */
    public ProblemException refusal(long bytes, Set<MediaKind> kinds, String field) {
        if (bytes > limits.limit(kinds)) {
            return limits.beyondLimit(kinds, bytes, field);
        }
        if (used + bytes > quota.quota()) {
            return quota.exceeded(used, bytes, field);
        }
        return null;
    }
}
