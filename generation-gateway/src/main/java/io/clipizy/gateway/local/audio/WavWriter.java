package io.clipizy.gateway.local.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16-bit PCM WAV files from float samples (interleaved when there are several channels), clipping at +-1. */
public final class WavWriter {
    private WavWriter() {
    }

    public static void write(Path file, float[] samples, int channels, int sampleRate) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, samples, channels, sampleRate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void write(OutputStream out, float[] samples, int channels, int sampleRate) throws IOException {
        long dataBytes = (long) samples.length * 2;
        header(out, channels, sampleRate, dataBytes);
        byte[] buffer = new byte[8192];
        int fill = 0;
        for (float sample : samples) {
            int v = (int) Math.round(Math.max(-1, Math.min(1, sample)) * 32767);
            buffer[fill++] = (byte) v;
            buffer[fill++] = (byte) (v >> 8);
            if (fill == buffer.length) {
                out.write(buffer, 0, fill);
                fill = 0;
            }
        }
        out.write(buffer, 0, fill);
    }

    /** The 44-byte RIFF header of a 16-bit PCM file holding {@code dataBytes} bytes of samples. */
    public static void header(OutputStream out, int channels, int sampleRate, long dataBytes) throws IOException {
        int blockAlign = channels * 2;
        out.write(new byte[] {'R', 'I', 'F', 'F'});
        int32(out, (int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        out.write(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
        int32(out, 16);
        int16(out, 1);
        int16(out, channels);
        int32(out, sampleRate);
        int32(out, sampleRate * blockAlign);
        int16(out, blockAlign);
        int16(out, 16);
        out.write(new byte[] {'d', 'a', 't', 'a'});
        int32(out, (int) Math.min(0xFFFFFFFFL, dataBytes));
    }

    private static void int32(OutputStream out, int v) throws IOException {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    private static void int16(OutputStream out, int v) throws IOException {
        out.write(v);
        out.write(v >> 8);
    }
}
