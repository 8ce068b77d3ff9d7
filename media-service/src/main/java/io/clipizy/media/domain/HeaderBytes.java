package io.clipizy.media.domain;

import java.nio.charset.StandardCharsets;

/** The first bytes of a file, read without ever going past what was read: out-of-range reads answer -1 or false. */
public record HeaderBytes(byte[] bytes, int length) {
    public HeaderBytes {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside the buffer");
        }
    }

    public static HeaderBytes of(byte[] bytes) {
        return new HeaderBytes(bytes, bytes.length);
    }

    public boolean has(int offset, int count) {
        return offset >= 0 && count >= 0 && (long) offset + count <= length;
    }

    public int u8(int offset) {
        return has(offset, 1) ? bytes[offset] & 0xFF : -1;
    }

    public int be16(int offset) {
        return has(offset, 2) ? (u8(offset) << 8) | u8(offset + 1) : -1;
    }

    public int le16(int offset) {
        return has(offset, 2) ? u8(offset) | (u8(offset + 1) << 8) : -1;
    }

    public int le24(int offset) {
        return has(offset, 3) ? u8(offset) | (u8(offset + 1) << 8) | (u8(offset + 2) << 16) : -1;
    }

    /** Unsigned 32-bit big-endian value, or -1. */
    public long be32(int offset) {
        return has(offset, 4) ? ((long) be16(offset) << 16) | be16(offset + 2) : -1;
    }

    /** Unsigned 32-bit little-endian value, or -1. */
    public long le32(int offset) {
        return has(offset, 4) ? le16(offset) | ((long) le16(offset + 2) << 16) : -1;
    }

    /** Whether the bytes at {@code offset} are exactly {@code expected}. */
    public boolean matches(int offset, int... expected) {
        if (!has(offset, expected.length)) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (u8(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes at {@code offset} spell {@code text} in ASCII. */
    public boolean matches(int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (!has(offset, expected.length)) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The ASCII text of {@code count} bytes at {@code offset}, or null when they were not read. */
    public String ascii(int offset, int count) {
        return has(offset, count) ? new String(bytes, offset, count, StandardCharsets.US_ASCII) : null;
    }

    /** The first offset at or after {@code from} where {@code pattern} occurs, or -1. */
    public int indexOf(int from, int... pattern) {
        for (int i = Math.max(0, from); i + pattern.length <= length; i++) {
            if (matches(i, pattern)) {
                return i;
            }
        }
        return -1;
    }
}
