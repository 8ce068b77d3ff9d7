package io.clipizy.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.event.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Formats are told from their magic bytes; anything else is unknown. */
class ContentSnifferTest {

    @Test
    void imagesAreRecognisedFromTheirSignatures() {
        assertFormat(MediaFormat.PNG, bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13));
        assertFormat(MediaFormat.JPEG, bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'));
        assertFormat(MediaFormat.GIF, ascii("GIF89a\u0001\u0000\u0001\u0000"));
        assertFormat(MediaFormat.WEBP, ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "));
    }

    @Test
    void audioIsRecognisedWithAndWithoutTags() {
        assertFormat(MediaFormat.WAV, ascii("RIFF\u0024\u0000\u0000\u0000WAVEfmt "));
        assertFormat(MediaFormat.FLAC, ascii("fLaC\u0000\u0000\u0000\u0021"));
        assertFormat(MediaFormat.MP3, bytes(0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0));
        // ID3v2.4 tag of 10 bytes, then an MPEG-1 Layer III frame
        assertFormat(MediaFormat.MP3, bytes('I', 'D', '3', 4, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0xFF, 0xFB, 0x90, 0x64));
        // an ID3 tag in front of FLAC
        assertFormat(MediaFormat.FLAC, bytes('I', 'D', '3', 3, 0, 0, 0, 0, 0, 2, 0, 0, 'f', 'L', 'a', 'C'));
        assertEquals(new Sniffed(MediaFormat.OGG, MediaKind.AUDIO),
                ContentSniffer.sniff(ascii("OggS\u0000\u0002\u0000\u0000\u0001vorbis")).orElseThrow());
    }

    @Test
    void oggWithTheoraIsVideo() {
        HeaderBytes page = bytes('O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 't', 'h', 'e', 'o', 'r', 'a');
        assertEquals(new Sniffed(MediaFormat.OGG, MediaKind.VIDEO), ContentSniffer.sniff(page).orElseThrow());
    }

    @Test
    void isoMediaIsToldApartByBrand() {
        assertFormat(MediaFormat.M4A, ftyp("M4A ", "isom"));
        assertFormat(MediaFormat.MOV, ftyp("qt  ", "qt  "));
        assertFormat(MediaFormat.MP4, ftyp("isom", "mp41"));
        assertFormat(MediaFormat.MP4, ftyp("XAVC", "mp42"));
        assertUnknown(ftyp("avif", "mif1"));
        assertUnknown(ftyp("heic", "mif1"));
        assertUnknown(ftyp("XAVC", "heic"));
    }

    @Test
    void matroskaAndWebmAreToldApartByDocType() {
        assertFormat(MediaFormat.WEBM, bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84,
                'w', 'e', 'b', 'm'));
        assertFormat(MediaFormat.MATROSKA, bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88,
                'm', 'a', 't', 'r', 'o', 's', 'k', 'a'));
        assertUnknown(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84, 'n', 'o', 'p', 'e'));
    }

    @Test
    void textAndTruncatedSignaturesAreUnknown() {
        assertUnknown(ascii("This is not a PNG, whatever its name says."));
        assertUnknown(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        assertUnknown(bytes(0x89, 'P', 'N'));
        assertUnknown(bytes(0xFF, 0xF1, 0x50, 0x80)); // AAC ADTS: layer bits 00, not an MPEG audio layer
        assertUnknown(bytes());
    }

    private static HeaderBytes ftyp(String major, String compatible) {
        return ascii("\u0000\u0000\u0000\u0018ftyp" + major + "\u0000\u0000\u0000\u0000" + compatible + "isom");
    }

    private static void assertFormat(MediaFormat expected, HeaderBytes header) {
        Optional<Sniffed> sniffed = ContentSniffer.sniff(header);
        assertTrue(sniffed.isPresent(), "recognised as " + expected);
        assertEquals(expected, sniffed.get().format());
    }

    private static void assertUnknown(HeaderBytes header) {
        assertEquals(Optional.empty(), ContentSniffer.sniff(header));
    }

    private static HeaderBytes ascii(String text) {
        return HeaderBytes.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static HeaderBytes bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return HeaderBytes.of(out);
    }
}
