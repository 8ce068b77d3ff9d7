package io.clipizy.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import javax.imageio.ImageIO;

/** Media files made in the test, so every byte and fact of them is known. */
final class MediaSamples {
    private MediaSamples() {
    }

    /** A PNG of the given size; noisy pixels make it compress badly (for size-limit tests). */
    static byte[] png(int width, int height, boolean noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noisy ? random.nextInt(0x1000000) : (x * 30) << 16 | (y * 40) << 8 | 0x80);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PNG of exactly {@code size} bytes: a small picture padded with a text chunk, to land on a size limit to the
     * byte.
     */
    static byte[] pngOfSize(int size) {
        byte[] picture = png(8, 8, false);
        int padding = size - picture.length - 12;
        if (padding < 8) {
            throw new IllegalArgumentException("a PNG needs more than " + (picture.length + 20) + " bytes");
        }
        ByteBuffer text = ByteBuffer.allocate(4 + padding).put("tEXt".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("Comment".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 0);
        while (text.hasRemaining()) {
            text.put((byte) 'x');
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.array());
        int iend = picture.length - 12; // the IEND chunk closes every PNG
        ByteBuffer out = ByteBuffer.allocate(size).put(picture, 0, iend).putInt(padding).put(text.array())
                .putInt((int) crc.getValue()).put(picture, iend, 12);
        return out.array();
    }

    /** A 16-bit PCM WAV of {@code seconds} at {@code sampleRate} with {@code channels}: a 440 Hz tone. */
    static byte[] wav(int sampleRate, int channels, double seconds) {
        int frames = (int) Math.round(sampleRate * seconds);
        int dataSize = frames * channels * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataSize).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataSize);
        for (int i = 0; i < frames; i++) {
            short sample = (short) (Math.sin(2 * Math.PI * 440 * i / sampleRate) * 12000);
            for (int c = 0; c < channels; c++) {
                b.putShort(sample);
            }
        }
        return b.array();
    }

    /** A ZIP archive holding one text file: the bytes behind a "PNG" that is really an archive. */
    static byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
