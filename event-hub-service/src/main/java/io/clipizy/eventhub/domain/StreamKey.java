package io.clipizy.eventhub.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The key of one replay stream, {@code <kind>:<id>}: a user's OIDC subject for {@code user}, a UUID (canonical,
 * lower case) for the others.
 * Keys compare as their text, the order in which a record's streams are locked.
 */
public record StreamKey(StreamKind kind, String id) implements Comparable<StreamKey> {
    /** An OIDC subject as it may appear in a key: no white space or control characters, at most 255 characters. */
    private static final Pattern SUBJECT = Pattern.compile("[^\\s\\p{Cntrl}]{1,255}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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

    private static boolean validId(StreamKind kind, String id) {
        return (kind == StreamKind.USER ? SUBJECT : UUID_TEXT).matcher(id).matches();
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
