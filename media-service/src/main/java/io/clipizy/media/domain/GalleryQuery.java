package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import java.util.UUID;

/** What part of the gallery to show: a kind, a project and a role (each optional), in which order. */
public record GalleryQuery(MediaKind kind, UUID projectId, MediaRole role, GallerySort sort) {
}
