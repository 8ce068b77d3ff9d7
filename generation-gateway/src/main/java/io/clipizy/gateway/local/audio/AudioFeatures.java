package io.clipizy.gateway.local.audio;

/**
 * The frame-level features of one decoded track: onset envelopes (broadband and low-band spectral flux, one value per
 * {@value FeatureExtractor#FAST_HOP} samples), chroma and timbre every 100 ms, RMS per 100 ms block, integrated
 * loudness and whole-track spectral means. Frame {@code i} of a series is centred on sample {@code i * hop}.
 */
public record AudioFeatures(int sampleRate, long samples, double[] onset, double[] lowOnset, FloatSeries chroma,
                            FloatSeries timbre, int slowFrames, double[] blockRms, double loudnessLufs,
                            double centroidHz, double rolloffHz, double bandwidthHz, double zeroCrossingRate) {

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
