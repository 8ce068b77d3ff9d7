package io.clipizy.gateway.local.audio;

import java.util.ArrayList;
import java.util.List;

/** The synthesized ground-truth set of the benchmarks (the same generators as the accuracy tests). */
public final class BenchSongs {
    public static final int RATE = Synth.RATE;

    private BenchSongs() {
    }

    /**
     * A piece of a file class (click track, band loop, ...) with its known beats, tempo (and the second tempo of a
     * tempo change, else NaN) and section starts.
     */
    public record Song(String kind, float[] samples, List<Double> beats, double bpm, double otherBpm, boolean steady,
                       List<Double> sectionStarts) {
        /** The error of a tempo reading: against the nearer of the two tempi of a tempo change. */
        public double tempoError(double tempo) {
            double error = Math.abs(tempo - bpm);
            return Double.isNaN(otherBpm) ? error : Math.min(error, Math.abs(tempo - otherBpm));
        }
    }

    public static Song band(double bpm, double seconds) {
        Synth s = Synth.band(bpm, seconds, 0.5, 1);
        return new Song("full-length song", s.out, s.beats, bpm, Double.NaN, true, s.sectionStarts);
    }

    private static Song steady(String kind, Synth s, double bpm) {
        return new Song(kind, s.out, s.beats, bpm, Double.NaN, true, List.of());
    }

    /** The file classes of the accuracy set, in the order the bench prints them. */
    public static final List<String> KINDS = List.of("click track", "drum/bass/chord loop", "swing loop",
            "loop + noise at 6 dB SNR", "funk/syncopated groove", "tempo change");

    /**
     * The synthesized ground-truth set: click tracks, straight band loops, swung loops and noisy loops at nine tempi
     * from 60 to 190 BPM, funk grooves from 80 to 124 BPM, and tempo changes.
     */
    public static List<Song> accuracySet(boolean smoke) {
        List<Song> set = new ArrayList<>();
        double[] tempi = smoke ? new double[] {90, 150} : new double[] {60, 75, 90, 105, 120, 140, 160, 174, 190};
        for (double bpm : tempi) {
            set.add(steady(KINDS.get(0), Synth.clicks(bpm, 30, 4), bpm));
            set.add(steady(KINDS.get(1), Synth.band(bpm, 30, 0.5, (long) bpm), bpm));
            if (!smoke) {
                set.add(steady(KINDS.get(2), Synth.band(bpm, 30, 0.667, 7), bpm));
                Synth noisy = Synth.band(bpm, 30, 0.5, 8);
                noisy.noise(6);
                set.add(steady(KINDS.get(3), noisy, bpm));
            }
        }
        double[] funk = smoke ? new double[] {104} : new double[] {80, 92, 100, 104, 108, 116, 124};
        for (double bpm : funk) {
            set.add(steady(KINDS.get(4), Synth.funk(bpm, 30, (long) bpm), bpm));
        }
        double[][] changes = smoke ? new double[][] {{100, 128}} : new double[][] {{100, 128}, {140, 110}};
        for (double[] change : changes) {
            Synth s = Synth.tempoChange(change[0], change[1], 40);
            set.add(new Song(KINDS.get(5), s.out, s.beats, change[0], change[1], false, List.of()));
        }
        return set;
    }

    public static Song sections(boolean smoke) {
        Synth s = Synth.sections(124, smoke ? "AB" : "ABABA", 11);
        return new Song("sections", s.out, s.beats, 124, Double.NaN, true,
                s.sectionStarts.subList(1, s.sectionStarts.size()));
    }

    public static double fMeasure(List<Double> reference, List<Double> estimated) {
        return BeatScore.fMeasure(reference, estimated, 0.07);
    }

    public static double hitRate(List<Double> reference, List<Double> estimated) {
        return BeatScore.hitRate(reference, estimated, 0.5);
    }
}
