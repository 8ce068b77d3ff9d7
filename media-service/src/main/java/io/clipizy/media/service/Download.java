package io.clipizy.media.service;

import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.storage.ObjectContent;

/** An asset whose bytes are being read from storage. */
public record Download(MediaAsset asset, ObjectContent content) {
}
