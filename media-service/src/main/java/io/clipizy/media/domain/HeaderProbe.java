package io.clipizy.media.domain;

/**
 * Reads the facts that a format states in its first bytes: image dimensions (PNG, GIF, WebP, JPEG) and the playing
 * time of PCM WAV. Formats whose facts need the whole stream decoded are left to the later media probe.
 */
public final class HeaderProbe {
    private HeaderProbe() {
    }

    /** The facts of a file of {@code fileSize} bytes whose header is {@code h}. */
    public static HeaderFacts probe(MediaFormat format, HeaderBytes h, long fileSize) {
        return switch (format) {
            case PNG -> h.matches(12, "IHDR") ? HeaderFacts.size((int) h.be32(16), (int) h.be32(20)) : HeaderFacts.NONE;
            case GIF -> HeaderFacts.size(h.le16(6), h.le16(8));
            case WEBP -> webp(h);
            case JPEG -> jpeg(h);
            case WAV -> wav(h, fileSize);
            default -> HeaderFacts.NONE;
        };
    }

    private static HeaderFacts webp(HeaderBytes h) {
        if (h.matches(12, "VP8 ") && h.matches(23, 0x9D, 0x01, 0x2A)) {
            return HeaderFacts.size(h.le16(26) & 0x3FFF, h.le16(28) & 0x3FFF);
        }
        if (h.matches(12, "VP8L") && h.u8(20) == 0x2F && h.has(21, 4)) {
            long bits = h.le32(21);
            return HeaderFacts.size((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
        }
        if (h.matches(12, "VP8X") && h.has(24, 6)) {
            return HeaderFacts.size(h.le24(24) + 1, h.le24(27) + 1);
        }
        return HeaderFacts.NONE;
    }

    /** Walks the marker segments up to the first start-of-frame, which holds the picture size. */
    private static HeaderFacts jpeg(HeaderBytes h) {
        int at = 2;
        while (h.has(at, 4)) {
            if (h.u8(at) != 0xFF) {
                return HeaderFacts.NONE;
            }
            int marker = h.u8(at + 1);
            if (marker == 0xFF) {
                at++; // fill byte before a marker
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return h.has(at + 5, 4) ? HeaderFacts.size(h.be16(at + 7), h.be16(at + 5)) : HeaderFacts.NONE;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return HeaderFacts.NONE;
            }
            at += 2 + h.be16(at + 2);
        }
        return HeaderFacts.NONE;
    }

    /**
     * Playing time = data bytes / byte rate. A streaming writer may leave the data size unset (0 or 0xFFFFFFFF);
     * then the data runs to the end of the file.
     */
    private static HeaderFacts wav(HeaderBytes h, long fileSize) {
        long byteRate = -1;
        int at = 12;
        while (h.has(at, 8)) {
            String id = h.ascii(at, 4);
            long size = h.le32(at + 4);
            int data = at + 8;
            if ("fmt ".equals(id)) {
                byteRate = h.le32(data + 8);
            } else if ("data".equals(id)) {
                if (byteRate <= 0) {
                    return HeaderFacts.NONE;
                }
                long available = fileSize - data;
                long bytes = size == 0 || size == 0xFFFFFFFFL || size > available ? available : size;
                return HeaderFacts.duration((double) bytes / byteRate);
            }
            if (size < 0 || size > Integer.MAX_VALUE) {
                return HeaderFacts.NONE;
            }
            at = (int) Math.min(Integer.MAX_VALUE, data + size + (size & 1));
        }
        return HeaderFacts.NONE;
    }
}
