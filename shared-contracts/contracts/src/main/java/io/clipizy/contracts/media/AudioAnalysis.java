package io.clipizy.contracts.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.Require;
import java.util.List;

/**
 * What the audio analysis of a song found: tempo, beats, downbeats, sections with repetition labels, key, loudness,
 * spectral summary and curves to draw. A superset of the original analyzer's result ({@code duration}, {@code tempo},
 * {@code segments}, {@code beatTimesSec}, {@code downbeatsSec}, {@code peakTimes}, spectral means); times are seconds
 * from the start of the audio.
 */
public record AudioAnalysis(
        Double duration, Double tempo, Double tempoConfidence, Integer timeSignature, Double loudnessLufs,
        List<Double> beatTimesSec, List<Double> downbeatsSec, List<Double> peakTimes,
        List<Segment> segments, List<Section> sections, Key key, SpectralFeatures spectral,
        Curve onsetEnvelope, Curve energyCurve) {

    /** The loudness reported for silence: the absolute gate of EBU R128. */
    public static final double SILENCE_LUFS = -70.0;

    public AudioAnalysis {
        Require.atLeast(duration, 0, "duration");
        Require.atLeast(tempo, 0, "tempo");
        Require.between(tempoConfidence, 0, 1, "tempoConfidence");
        Require.between(timeSignature, 3, 4, "timeSignature");
        Require.between(loudnessLufs, SILENCE_LUFS, 20, "loudnessLufs");
        beatTimesSec = copy(beatTimesSec);
        downbeatsSec = copy(downbeatsSec);
        peakTimes = copy(peakTimes);
        segments = segments == null ? List.of() : List.copyOf(segments);
        sections = sections == null ? List.of() : List.copyOf(sections);
        Require.present(spectral, "spectral");
        Require.present(onsetEnvelope, "onsetEnvelope");
        Require.present(energyCurve, "energyCurve");
    }

    private static List<Double> copy(List<Double> times) {
        return times == null ? List.of() : List.copyOf(times);
    }

    /** A stretch of the song between two section boundaries, in the original analyzer's shape. */
    public record Segment(Double startTime, Double endTime, Double duration, Integer segmentIndex) {
        public Segment {
            Require.atLeast(startTime, 0, "startTime");
            Require.atLeast(endTime, 0, "endTime");
            Require.atLeast(duration, 0, "duration");
            Require.between(segmentIndex, 0, Integer.MAX_VALUE, "segmentIndex");
        }
    }

    /**
     * A section (verse, chorus...) with its repetition label: sections that repeat share a letter ({@code A}, {@code B}),
     * a varied repeat gets a prime ({@code A'}); {@code energy} is the section's mean level relative to the loudest one.
     */
    public record Section(Double startTime, Double endTime, String label, Double energy, Double loudnessDb) {
        public Section {
            Require.atLeast(startTime, 0, "startTime");
            Require.atLeast(endTime, 0, "endTime");
            Require.text(label, "label");
            Require.between(energy, 0, 1, "energy");
            Require.between(loudnessDb, -200, 20, "loudnessDb");
        }
    }

    /** The estimated key: tonic pitch class ({@code C}, {@code C#} ... {@code B}), mode and a 0..1 confidence. */
    public record Key(String tonic, Mode mode, Double confidence) {
        public Key {
            Require.text(tonic, "tonic");
            Require.present(mode, "mode");
            Require.between(confidence, 0, 1, "confidence");
        }
    }

    /** Major or minor. */
    public enum Mode {
        MAJOR("major"),
        MINOR("minor");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Mode fromWire(String value) {
            for (Mode candidate : values()) {
                if (candidate.wire.equals(value)) {
                    return candidate;
                }
            }
            throw new ContractViolationException(null, "unknown key mode '" + value + "'");
        }
    }

    /**
     * Whole-track spectral means: centroid, 85 % roll-off and bandwidth in Hz, zero-crossing rate per sample, linear
     * RMS, and the 12-bin chroma (C first) scaled so its largest bin is 1.
     */
    public record SpectralFeatures(Double centroidHz, Double rolloffHz, Double bandwidthHz, Double zeroCrossingRate,
                                   Double rms, List<Double> chromaMean) {
        public SpectralFeatures {
            Require.atLeast(centroidHz, 0, "centroidHz");
            Require.atLeast(rolloffHz, 0, "rolloffHz");
            Require.atLeast(bandwidthHz, 0, "bandwidthHz");
            Require.between(zeroCrossingRate, 0, 1, "zeroCrossingRate");
            Require.atLeast(rms, 0, "rms");
            Require.present(chromaMean, "chromaMean");
            if (chromaMean.size() != 12) {
                throw new ContractViolationException("chromaMean",
                        "field 'chromaMean' must have 12 values (C to B), had " + chromaMean.size());
            }
            chromaMean = List.copyOf(chromaMean);
        }
    }

    /** A curve sampled at a fixed rate from time 0, for drawing (onset strength 0..1, energy in dBFS). */
    public record Curve(Double rateHz, List<Double> values) {
        public Curve {
            Require.above(rateHz, 0, "rateHz");
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
