package io.clipizy.gateway.provider.comfyui;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a produced file is, told from its first bytes (the provider's file name or content type is only a hint), and
 * a safe local name for it. Used by the ComfyUI and RunPod adapters for their outputs.
 */
public final class MediaFiles {
    private MediaFiles() {
    }

    /** A recognised media type: the content type, its usual extension and the media kind. */
    public record Type(String contentType, String extension, MediaKind kind) {
    }

    /** The media type of these leading bytes, or null when they are not a format the suite stores. */
    public static Type sniff(byte[] head) {
        if (startsWith(head, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
            return new Type("image/png", "png", MediaKind.IMAGE);
        }
        if (startsWith(head, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return new Type("image/jpeg", "jpg", MediaKind.IMAGE);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return new Type("image/webp", "webp", MediaKind.IMAGE);
        }
        if (ascii(head, 0, "GIF8")) {
            return new Type("image/gif", "gif", MediaKind.IMAGE);
        }
        if (ascii(head, 4, "ftyp")) {
            return ascii(head, 8, "qt  ") ? new Type("video/quicktime", "mov", MediaKind.VIDEO)
                    : ascii(head, 8, "M4A ") ? new Type("audio/mp4", "m4a", MediaKind.AUDIO)
                    : new Type("video/mp4", "mp4", MediaKind.VIDEO);
        }
        if (startsWith(head, 0, new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})) {
            return new Type("video/webm", "webm", MediaKind.VIDEO);
        }
        if (ascii(head, 0, "fLaC")) {
            return new Type("audio/flac", "flac", MediaKind.AUDIO);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return new Type("audio/wav", "wav", MediaKind.AUDIO);
        }
        if (ascii(head, 0, "OggS")) {
            return new Type("audio/ogg", "ogg", MediaKind.AUDIO);
        }
        if (ascii(head, 0, "ID3") || (head.length > 1 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
            return new Type("audio/mpeg", "mp3", MediaKind.AUDIO);
        }
        return null;
    }

    /**
     * A produced file as a task output, its type told from its first bytes (read on a worker thread); a file of no
     * known media type is the provider's fault ({@code provider_rejected}).
     */
    public static Uni<ProviderResult.Output> identify(Path file, String name, String producer) {
        return Uni.createFrom().item(() -> {
            byte[] head = new byte[16];
            int read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Type type = sniff(Arrays.copyOf(head, read));
            if (type == null) {
                throw ProviderException.rejected(producer + " produced " + name
                        + ", which is not an image, video or audio file the suite can store");
            }
            return new ProviderResult.Output(file, type.kind(), type.contentType(), withExtension(name, type));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A file name safe on any file system: letters, digits, dot, dash, underscore; never a path. */
    public static String safeName(String name, String fallback) {
        String base = name == null ? "" : name;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
        if (base.isEmpty()) {
            base = fallback;
        }
        return base.length() > 120 ? base.substring(base.length() - 120) : base;
    }

    /** The name with its extension replaced by the sniffed type's. */
    public static String withExtension(String name, Type type) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem + "." + type.extension().toLowerCase(Locale.ROOT);
    }

    private static boolean ascii(byte[] head, int offset, String text) {
        return startsWith(head, offset, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] head, int offset, byte[] prefix) {
        if (head.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
