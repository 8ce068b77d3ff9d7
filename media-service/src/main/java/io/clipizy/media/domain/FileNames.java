package io.clipizy.media.domain;

import java.text.Normalizer;

/**
 * Makes a client-supplied file name safe to store and to echo in a Content-Disposition header: the last path segment
 * only, no control or reserved characters, no leading dots, at most 200 characters.
 */
public final class FileNames {
    private static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /** The sanitised name, or null when nothing usable is left. */
    public static String sanitize(String name) {
        if (name == null) {
            return null;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String normalized = Normalizer.normalize(base, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || "<>:\"|?*;".indexOf(cp) >= 0 || Character.getType(cp) == Character.FORMAT) {
                out.append('_');
            } else if (Character.isWhitespace(cp)) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().strip().replaceAll(" {2,}", " ").replaceFirst("^[.\\s]+", "");
        if (cleaned.codePointCount(0, cleaned.length()) > MAX_LENGTH) {
            cleaned = keepEnd(cleaned);
        }
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** The name percent-encoded for the RFC 6266 {@code filename*=UTF-8''...} form, so nothing in it can break a header. */
    public static String encoded(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Shortens the stem, keeping the extension, so a truncated name still says what it is. */
    private static String keepEnd(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - ext.length());
        int keep = MAX_LENGTH - ext.length();
        return stem.substring(0, stem.offsetByCodePoints(0, Math.min(keep, stem.codePointCount(0, stem.length())))) + ext;
    }
}
