package io.clipizy.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Facts read from headers: picture sizes and WAV playing time. */
class HeaderProbeTest {

    @Test
    void pngAndGifSizesComeFromTheirHeaders() {
        ByteBuffer png = ByteBuffer.allocate(24);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13}).put("IHDR".getBytes())
                .putInt(640).putInt(360);
        assertEquals(HeaderFacts.size(640, 360), HeaderProbe.probe(MediaFormat.PNG, HeaderBytes.of(png.array()), 24));

        ByteBuffer gif = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes()).putShort((short) 320).putShort((short) 200);
        assertEquals(HeaderFacts.size(320, 200), HeaderProbe.probe(MediaFormat.GIF, HeaderBytes.of(gif.array()), 10));
    }

    @Test
    void jpegSizeComesFromTheFirstStartOfFrameAfterOtherSegments() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 'J', 'F',
                (byte) 0xFF, (byte) 0xC4, 0, 3, 0,
                (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0x04, 0x38, 0x07, (byte) 0x80, 3, 1, 0x22, 0};
        assertEquals(HeaderFacts.size(1920, 1080), HeaderProbe.probe(MediaFormat.JPEG, HeaderBytes.of(jpeg), jpeg.length));
    }

    @Test
    void webpExtendedSizeIsStoredMinusOne() {
        ByteBuffer webp = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        webp.put("RIFF".getBytes()).putInt(22).put("WEBP".getBytes()).put("VP8X".getBytes()).putInt(10).putInt(0)
                .put(new byte[]{(byte) 0xFF, 0x03, 0}).put(new byte[]{(byte) 0x1B, 0x02, 0});
        assertEquals(HeaderFacts.size(1024, 540), HeaderProbe.probe(MediaFormat.WEBP, HeaderBytes.of(webp.array()), 30));
    }

    @Test
    void wavDurationIsDataOverByteRateEvenWhenTheDataSizeWasLeftUnset() {
        ByteBuffer wav = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 2).putInt(48000).putInt(192000).putShort((short) 4)
                .putShort((short) 16).put("data".getBytes()).putInt(384000);
        assertEquals(HeaderFacts.duration(2.0), HeaderProbe.probe(MediaFormat.WAV, HeaderBytes.of(wav.array()), 44 + 384000));
        wav.putInt(40, 0xFFFFFFFF);
        assertEquals(HeaderFacts.duration(0.5), HeaderProbe.probe(MediaFormat.WAV, HeaderBytes.of(wav.array()), 44 + 96000));
    }

    @Test
    void formatsWithoutHeaderFactsGiveNone() {
        assertEquals(HeaderFacts.NONE, HeaderProbe.probe(MediaFormat.MP3, HeaderBytes.of(new byte[]{(byte) 0xFF, (byte) 0xFB}), 2));
        assertEquals(HeaderFacts.NONE, HeaderProbe.probe(MediaFormat.PNG, HeaderBytes.of(new byte[8]), 8));
    }
}
