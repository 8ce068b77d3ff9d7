package io.clipizy.media.domain;

import java.util.UUID;

/** A gallery asset and the id of its READY thumbnail or waveform, if one is made. */
public record GalleryEntry(MediaAsset asset, UUID previewId) {
}
