package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;

/**
 * The container formats the service accepts, each recognised from its bytes. A container that can hold either sound
 * alone or moving pictures (MP4, Ogg, WebM, Matroska) has a second kind the uploader may declare.
 */
public enum MediaFormat {
    PNG(new Variant(MediaKind.IMAGE, "image/png", "png"), null),
    JPEG(new Variant(MediaKind.IMAGE, "image/jpeg", "jpg"), null),
    GIF(new Variant(MediaKind.IMAGE, "image/gif", "gif"), null),
    WEBP(new Variant(MediaKind.IMAGE, "image/webp", "webp"), null),
    MP3(new Variant(MediaKind.AUDIO, "audio/mpeg", "mp3"), null),
    WAV(new Variant(MediaKind.AUDIO, "audio/wav", "wav"), null),
    FLAC(new Variant(MediaKind.AUDIO, "audio/flac", "flac"), null),
    OGG(new Variant(MediaKind.AUDIO, "audio/ogg", "ogg"), new Variant(MediaKind.VIDEO, "video/ogg", "ogv")),
    M4A(new Variant(MediaKind.AUDIO, "audio/mp4", "m4a"), null),
    MP4(new Variant(MediaKind.VIDEO, "video/mp4", "mp4"), new Variant(MediaKind.AUDIO, "audio/mp4", "m4a")),
    MOV(new Variant(MediaKind.VIDEO, "video/quicktime", "mov"), null),
    WEBM(new Variant(MediaKind.VIDEO, "video/webm", "webm"), new Variant(MediaKind.AUDIO, "audio/webm", "weba")),
    MATROSKA(new Variant(MediaKind.VIDEO, "video/x-matroska", "mkv"), new Variant(MediaKind.AUDIO, "audio/x-matroska", "mka"));

    /** One way of storing the format: as which kind of media, with which content type and file extension. */
    public record Variant(MediaKind kind, String contentType, String extension) {
    }

    private final Variant primary;
    private final Variant alternate;

    MediaFormat(Variant primary, Variant alternate) {
        this.primary = primary;
        this.alternate = alternate;
    }

    /** The variant for {@code kind}, or null when this format cannot hold that kind of media. */
    public Variant as(MediaKind kind) {
        if (primary.kind() == kind) {
            return primary;
        }
        return alternate != null && alternate.kind() == kind ? alternate : null;
    }

    /** The variant stored under a media type (parameters and case ignored), if any format serves it. */
    public static java.util.Optional<Variant> variantOf(String contentType) {
        if (contentType == null) {
            return java.util.Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(java.util.Locale.ROOT);
        for (MediaFormat format : values()) {
            for (Variant variant : new Variant[]{format.primary, format.alternate}) {
                if (variant != null && variant.contentType().equals(type)) {
                    return java.util.Optional.of(variant);
                }
            }
        }
        return java.util.Optional.empty();
    }

    public Variant primary() {
        return primary;
    }
}
