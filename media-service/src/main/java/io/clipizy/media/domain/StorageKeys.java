package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where an asset's bytes live in the bucket: {@code users/{owner}/projects/{project or none}/{kind}/{id}.{ext}}. The
 * owner is an OIDC subject chosen by the identity provider, so it is percent-encoded to stay one path segment.
 */
public final class StorageKeys {
    private StorageKeys() {
    }

    public static String of(String ownerId, UUID projectId, MediaKind kind, UUID assetId, String extension) {
        return "users/" + segment(ownerId) + "/projects/" + (projectId == null ? "none" : projectId) + "/"
                + kind.wire() + "/" + assetId + "." + extension;
    }

    /** Keeps letters, digits, '-', '_' and '.'; anything else (and a segment of dots only) is percent-encoded. */
    static String segment(String value) {
        boolean dotsOnly = value.chars().allMatch(c -> c == '.');
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && !dotsOnly);
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
