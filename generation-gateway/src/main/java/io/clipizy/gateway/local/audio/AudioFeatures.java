package io.clipizy.gateway.local.audio;

/**
 * The frame-level features of one decoded track: onset envelopes (broadband, low-band and high-band spectral flux,
 * one value per {@value FeatureExtractor#FAST_HOP} samples), chroma (all notes, and the bass line's: the pitch class
 * of the strongest peak from 30 to 150 Hz) and timbre every 100 ms, RMS per 100 ms block, integrated loudness and
 * whole-track spectral means. Frame {@code i} of a series is centred on sample {@code i * hop}.
 */
public record AudioFeatures(int sampleRate, long samples, double[] onset, double[] lowOnset, double[] highOnset,
                            FloatSeries chroma, FloatSeries bassChroma, FloatSeries timbre, int slowFrames,
                            double[] blockRms, double loudnessLufs, double centroidHz, double rolloffHz,
                            double bandwidthHz, double zeroCrossingRate) {

    public double duration() {
        return (double) samples / sampleRate;
    }

    /** Onset envelope frames per second. */
    public double frameRate() {
        return (double) sampleRate / FeatureExtractor.FAST_HOP;
    }

    /** Chroma/timbre frames (and RMS blocks) per second. */
    public double slowRate() {
        return (double) sampleRate / FeatureExtractor.SLOW_HOP;
    }
}
