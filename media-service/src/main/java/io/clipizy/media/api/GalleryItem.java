package io.clipizy.media.api;

import io.clipizy.media.domain.GalleryEntry;

/** One gallery item: the media, and the URL of its thumbnail or waveform picture once it is made (null before). */
public record GalleryItem(MediaView media, String previewUrl) {
    static GalleryItem of(GalleryEntry entry) {
        return new GalleryItem(MediaView.of(entry.asset()), entry.previewId() == null ? null
                : MediaResource.PATH + "/" + entry.previewId() + "/content");
    }
}
