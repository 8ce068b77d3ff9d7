package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import java.time.Instant;
import java.util.UUID;

/** One derived asset to make from a READY source asset: where it stands, how often it was tried, and why it failed. */
public record Derivation(UUID sourceId, MediaRole role, Status status, int attempts, String error, UUID derivedId,
                         Instant updatedAt) {

    /** Where a derivation stands. */
    public enum Status {
        PENDING, RUNNING, DONE, FAILED
    }

    /** The derived asset an asset of {@code kind} and {@code role} gets, or null when it gets none. */
    public static MediaRole derivedRole(MediaKind kind, MediaRole role) {
        if (role == MediaRole.THUMBNAIL || role == MediaRole.WAVEFORM) {
            return null; // derived assets are not derived from again
        }
        return kind == MediaKind.AUDIO ? MediaRole.WAVEFORM : MediaRole.THUMBNAIL;
    }
}
