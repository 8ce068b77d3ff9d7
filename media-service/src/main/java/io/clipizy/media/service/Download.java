package io.clipizy.media.service;

import io.clipizy.media.domain.ByteRange;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.storage.ObjectContent;

/** An asset whose bytes are being read from storage: all of them, or only {@code range} when it is not null. */
public record Download(MediaAsset asset, ObjectContent content, ByteRange range) {
}
