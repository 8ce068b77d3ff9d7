package io.clipizy.eventhub.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The key of one replay stream, {@code <kind>:<id>}: a user's OIDC subject for {@code user}, a UUID (canonical,
 * lower case) for the others.
 * Keys compare as their text, the order in which a record's streams are locked.
 */
public record StreamKey(StreamKind kind, String id) implements Comparable<StreamKey> {
    /** The most characters (code points) an OIDC subject may have in a key. */
    private static final int MAX_SUBJECT = 255;

    public StreamKey {
        if (kind == null || id == null || !validId(kind, id)) {
            throw new IllegalArgumentException("not a valid " + kind + " stream id");
        }
    }

    public static StreamKey user(String ownerId) {
        return new StreamKey(StreamKind.USER, ownerId);
    }

    public static StreamKey of(StreamKind kind, UUID id) {
        return new StreamKey(kind, id.toString());
    }

    /** The key written as {@code <kind>:<id>}, or empty when the text is not one. */
    public static Optional<StreamKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        String id = text.substring(colon + 1);
        return StreamKind.forPrefix(text.substring(0, colon))
                .map(kind -> new Candidate(kind, kind == StreamKind.USER ? id : id.toLowerCase(Locale.ROOT)))
                .filter(c -> validId(c.kind(), c.id()))
                .map(c -> new StreamKey(c.kind(), c.id()));
    }

    /**
     * A user stream's id is an OIDC subject as it may appear in a key: 1 to 255 characters (code points), none of them
     * ASCII white space or a control character; the others' is a UUID in canonical lower-case form. Checked by hand, not
     * with a regular expression: every consumed record builds a few keys.
     */
    private static boolean validId(StreamKind kind, String id) {
        return kind == StreamKind.USER ? validSubject(id) : canonicalUuid(id);
    }

    private static boolean validSubject(String id) {
        int n = id.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                // below or at the space: the control characters and the ASCII white space (\t \n \u000b \f \r and ' ')
                return false;
            }
        }
        return n <= MAX_SUBJECT || id.codePointCount(0, n) <= MAX_SUBJECT;
    }

    private static boolean canonicalUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** A key's parts before they are checked. */
    private record Candidate(StreamKind kind, String id) {
    }

    @Override
    public int compareTo(StreamKey other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return kind.prefix() + ":" + id;
    }
}
