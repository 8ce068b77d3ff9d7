package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.media.domain.MediaFacts;
import io.clipizy.media.domain.MediaFormat;

/** An upload found acceptable: its format as sniffed, how it is stored (kind, content type, extension), its facts. */
public record Inspection(MediaFormat format, MediaFormat.Variant variant, MediaFacts facts) {
    public MediaKind kind() {
        return variant.kind();
    }
}
