package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;

/** What the first bytes of a file say it is: its format and the kind of media the bytes show. */
public record Sniffed(MediaFormat format, MediaKind kind) {
    public static Sniffed of(MediaFormat format) {
        return new Sniffed(format, format.primary().kind());
    }
}
