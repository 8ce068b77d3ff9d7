package io.clipizy.gateway.local.audio;

import java.util.ArrayList;
import java.util.List;

/** The synthesized ground-truth set of the benchmarks (the same generators as the accuracy tests). */
public final class BenchSongs {
    public static final int RATE = Synth.RATE;

    private BenchSongs() {
    }

    /** A piece with its known beats, tempo and section starts. */
    public record Song(float[] samples, List<Double> beats, double bpm, boolean steady, List<Double> sectionStarts) {
    }

    public static Song band(double bpm, double seconds) {
        Synth s = Synth.band(bpm, seconds, 0.5, 1);
        return new Song(s.out, s.beats, bpm, true, s.sectionStarts);
    }

    public static List<Song> accuracySet(boolean smoke) {
        List<Song> set = new ArrayList<>();
        double[] tempi = smoke ? new double[] {90, 150} : new double[] {60, 75, 90, 105, 120, 140, 160, 174, 190};
        for (double bpm : tempi) {
            Synth clicks = Synth.clicks(bpm, 30, 4);
            set.add(new Song(clicks.out, clicks.beats, bpm, true, List.of()));
            Synth band = Synth.band(bpm, 30, 0.5, (long) bpm);
            set.add(new Song(band.out, band.beats, bpm, true, List.of()));
            if (!smoke) {
                Synth swing = Synth.band(bpm, 30, 0.667, 7);
                set.add(new Song(swing.out, swing.beats, bpm, true, List.of()));
                Synth noisy = Synth.band(bpm, 30, 0.5, 8);
                noisy.noise(6);
                set.add(new Song(noisy.out, noisy.beats, bpm, true, List.of()));
            }
        }
        Synth change = Synth.tempoChange(100, 128, 40);
        set.add(new Song(change.out, change.beats, 100, false, List.of()));
        return set;
    }

    public static Song sections(boolean smoke) {
        Synth s = Synth.sections(124, smoke ? "AB" : "ABABA", 11);
        return new Song(s.out, s.beats, 124, true, s.sectionStarts.subList(1, s.sectionStarts.size()));
    }

    public static double fMeasure(List<Double> reference, List<Double> estimated) {
        return BeatScore.fMeasure(reference, estimated, 0.07);
    }

    public static double hitRate(List<Double> reference, List<Double> estimated) {
        return BeatScore.hitRate(reference, estimated, 0.5);
    }
}
