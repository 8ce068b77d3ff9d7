package io.clipizy.media.domain;

import io.clipizy.contracts.event.MediaKind;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a file's format from its magic bytes, never from what the client claims. Anything not positively
 * recognised is unknown: HEIF/AVIF, 3GP and other ISO-BMFF brands we cannot serve are refused rather than guessed.
 */
public final class ContentSniffer {
    /** How many leading bytes the sniffer and the header probe look at. */
    public static final int HEADER_BYTES = 64 * 1024;

    private static final Set<String> AUDIO_BRANDS = Set.of("M4A ", "M4B ", "M4P ", "F4A ", "F4B ");
    private static final Set<String> VIDEO_BRANDS = Set.of("mp41", "mp42", "mp71", "avc1", "dash", "M4V ", "M4VH",
            "M4VP", "MSNV", "f4v ", "mmp4", "NDAS", "NDSC", "NDSH", "NDSM", "NDSP", "NDSS", "NDXC", "NDXH", "NDXM",
            "NDXP", "NDXS");

    private ContentSniffer() {
    }

    public static Optional<Sniffed> sniff(HeaderBytes h) {
        if (h.matches(0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return found(MediaFormat.PNG);
        }
        if (h.matches(0, 0xFF, 0xD8, 0xFF)) {
            return found(MediaFormat.JPEG);
        }
        if (h.matches(0, "GIF87a") || h.matches(0, "GIF89a")) {
            return found(MediaFormat.GIF);
        }
        if ((h.matches(0, "RIFF") || h.matches(0, "RF64") || h.matches(0, "BW64")) && h.matches(8, "WAVE")) {
            return found(MediaFormat.WAV);
        }
        if (h.matches(0, "RIFF") && h.matches(8, "WEBP")) {
            return found(MediaFormat.WEBP);
        }
        if (h.matches(0, "fLaC")) {
            return found(MediaFormat.FLAC);
        }
        if (h.matches(0, "OggS") && h.u8(4) == 0) {
            return ogg(h);
        }
        if (h.matches(0, "ID3")) {
            return afterId3(h);
        }
        if (h.matches(4, "ftyp")) {
            return isoMedia(h);
        }
        if (h.matches(0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return matroska(h);
        }
        if (isMpegAudioFrame(h, 0)) {
            return found(MediaFormat.MP3);
        }
        return Optional.empty();
    }

    private static Optional<Sniffed> found(MediaFormat format) {
        return Optional.of(Sniffed.of(format));
    }

    /** Ogg carries Vorbis, Opus or FLAC sound, or Theora pictures; the first page names the codec. */
    private static Optional<Sniffed> ogg(HeaderBytes h) {
        boolean theora = h.indexOf(0, 0x80, 't', 'h', 'e', 'o', 'r', 'a') >= 0;
        return Optional.of(new Sniffed(MediaFormat.OGG, theora ? MediaKind.VIDEO : MediaKind.AUDIO));
    }

    /**
     * An ID3v2 tag precedes the audio it describes, usually MP3 but sometimes FLAC; when the tag is longer than the
     * header read, the MP3 it nearly always heads is assumed.
     */
    private static Optional<Sniffed> afterId3(HeaderBytes h) {
        int version = h.u8(3);
        int size = syncSafe(h, 6);
        if (version < 2 || version > 4 || size < 0) {
            return Optional.empty();
        }
        int footer = (h.u8(5) & 0x10) != 0 ? 10 : 0;
        int audio = 10 + size + footer;
        if (!h.has(audio, 4)) {
            return found(MediaFormat.MP3);
        }
        if (h.matches(audio, "fLaC")) {
            return found(MediaFormat.FLAC);
        }
        int frame = audio;
        while (h.u8(frame) == 0 && frame < audio + 4096) {
            frame++; // tags are often padded beyond their declared size
        }
        return isMpegAudioFrame(h, frame) ? found(MediaFormat.MP3) : Optional.empty();
    }

    /** The 28-bit "sync-safe" integer of ID3v2 (7 bits per byte), or -1 when it is malformed. */
    private static int syncSafe(HeaderBytes h, int offset) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = h.u8(offset + i);
            if (b < 0 || (b & 0x80) != 0) {
                return -1;
            }
            value = (value << 7) | b;
        }
        return value;
    }

    /** An MPEG-1/2/2.5 Layer I–III frame header: sync, a defined layer, bitrate and sample rate. */
    private static boolean isMpegAudioFrame(HeaderBytes h, int offset) {
        int b1 = h.u8(offset + 1);
        int b2 = h.u8(offset + 2);
        if (h.u8(offset) != 0xFF || b1 < 0 || b2 < 0 || (b1 & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b1 >> 3) & 0x3;
        int layer = (b1 >> 1) & 0x3;
        int bitrate = (b2 >> 4) & 0xF;
        int sampleRate = (b2 >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate != 0 && bitrate != 0xF && sampleRate != 3;
    }

    /**
     * ISO base media (MP4, M4A, QuickTime): the {@code ftyp} box's major brand decides; an unfamiliar major brand is
     * judged by its compatible brands, where a still-image brand (HEIC, AVIF) means a picture format we do not serve.
     */
    private static Optional<Sniffed> isoMedia(HeaderBytes h) {
        long boxSize = h.be32(0);
        String major = h.ascii(8, 4);
        if (boxSize < 16 || major == null) {
            return Optional.empty();
        }
        if (isStillImageBrand(major)) {
            return Optional.empty();
        }
        Optional<Sniffed> byMajor = brand(major);
        if (byMajor.isPresent()) {
            return byMajor;
        }
        Optional<Sniffed> byCompatible = Optional.empty();
        for (int offset = 16; offset + 4 <= Math.min(boxSize, h.length()); offset += 4) {
            String compatible = h.ascii(offset, 4);
            if (isStillImageBrand(compatible)) {
                return Optional.empty();
            }
            if (byCompatible.isEmpty()) {
                byCompatible = brand(compatible);
            }
        }
        return byCompatible;
    }

    private static boolean isStillImageBrand(String brand) {
        return brand.startsWith("hei") || brand.startsWith("hev") || brand.startsWith("avi") || brand.startsWith("mif")
                || brand.startsWith("msf");
    }

    private static Optional<Sniffed> brand(String brand) {
        if (AUDIO_BRANDS.contains(brand)) {
            return found(MediaFormat.M4A);
        }
        if ("qt  ".equals(brand)) {
            return found(MediaFormat.MOV);
        }
        if (brand.startsWith("iso") || VIDEO_BRANDS.contains(brand)) {
            return found(MediaFormat.MP4);
        }
        return Optional.empty();
    }

    /** EBML: the header's DocType element (id 0x4282) tells WebM from Matroska. */
    private static Optional<Sniffed> matroska(HeaderBytes h) {
        int at = h.indexOf(4, 0x42, 0x82);
        while (at >= 0 && at < 64) {
            int sizeByte = h.u8(at + 2);
            int width = sizeByte <= 0 ? 0 : Integer.numberOfLeadingZeros(sizeByte) - 23;
            if (width == 1) {
                int size = sizeByte & 0x7F;
                String docType = h.ascii(at + 3, size);
                if ("webm".equals(docType)) {
                    return found(MediaFormat.WEBM);
                }
                if ("matroska".equals(docType)) {
                    return found(MediaFormat.MATROSKA);
                }
            }
            at = h.indexOf(at + 1, 0x42, 0x82);
        }
        return Optional.empty();
    }
}
