package io.clipizy.media.domain;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14), resolved against the object's size: {@code first} and
 * {@code last} are inclusive offsets.
 */
public record ByteRange(long first, long last) {
    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of this range of an object of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The single range the header asks for, or null when the whole object is to be sent: no header, a unit other than
     * bytes, several ranges or a malformed one (a server may ignore a Range header it does not serve, and then answers
     * 200 with everything). A well-formed range that starts past the end cannot be satisfied.
     */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.trim().regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = header.trim().substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.contains(",") || dash < 0) {
            return null;
        }
        String start = spec.substring(0, dash).trim();
        String end = spec.substring(dash + 1).trim();
        Long from = number(start);
        Long to = number(end);
        if ((from == null && !start.isEmpty()) || (to == null && !end.isEmpty()) || (from == null && to == null)) {
            return null;
        }
        if (from == null) {
            if (to == 0 || size == 0) {
                throw new UnsatisfiableRangeException(size);
            }
            return new ByteRange(Math.max(0, size - to), size - 1);
        }
        if (to != null && to < from) {
            return null;
        }
        if (from >= size) {
            throw new UnsatisfiableRangeException(size);
        }
        return new ByteRange(from, to == null ? size - 1 : Math.min(to, size - 1));
    }

    private static Long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(digits);
    }

    /** The requested range lies wholly outside an object of {@code size} bytes. */
    public static class UnsatisfiableRangeException extends RuntimeException {
        private final long size;

        public UnsatisfiableRangeException(long size) {
            super("The range lies outside the " + size + " bytes of the content", null, false, false);
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
