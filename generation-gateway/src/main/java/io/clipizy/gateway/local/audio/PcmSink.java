package io.clipizy.gateway.local.audio;

/** Receives decoded audio in chunks: {@code frames} sample frames of interleaved float samples in -1..1. */
@FunctionalInterface
public interface PcmSink {
    void accept(float[] interleaved, int frames);
}
