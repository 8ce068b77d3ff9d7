package io.clipizy.gateway.local.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beat and tempo accuracy on synthesized music with known beats (PERFORMANCE.md P2): click tracks and band loops
 * from 60 to 190 BPM, swing, noise and a tempo change. F-measure uses the usual +-70 ms window.
 */
class BeatAccuracyTest {
    private static final double TOLERANCE = 0.07;
    private final AudioAnalyzer analyzer = new AudioAnalyzer();

    private AudioAnalysis analyze(Synth song) {
        return analyzer.analyze(song.out, Cancellation.create());
    }

    private double check(String name, Synth song, double bpm, List<Double> fs) {
        AudioAnalysis a = analyze(song);
        double f = BeatScore.fMeasure(song.beats, a.beatTimesSec(), TOLERANCE);
        fs.add(f);
        System.out.printf("%-28s bpm %6.2f got %7.3f conf %.2f F %.3f beats %d/%d%n", name, bpm, a.tempo(),
                a.tempoConfidence(), f, a.beatTimesSec().size(), song.beats.size());
        return a.tempo();
    }

    @Test
    void clickTracksFrom60To190BpmAreTrackedExactly() {
        List<Double> fs = new ArrayList<>();
        for (double bpm : new double[] {60, 75, 90, 105, 120, 128, 140, 160, 174, 190}) {
            double tempo = check("clicks " + bpm, Synth.clicks(bpm, 30, 4), bpm, fs);
            assertEquals(bpm, tempo, 0.5, "tempo of a " + bpm + " BPM click track");
        }
        assertTrue(mean(fs) >= 0.95, "mean F " + mean(fs));
        assertTrue(fs.stream().allMatch(f -> f >= 0.9), "every click track F >= 0.9: " + fs);
    }

    @Test
    void bandLoopsFrom60To190BpmAreTracked() {
        List<Double> fs = new ArrayList<>();
        for (double bpm : new double[] {60, 72, 85, 98, 110, 122, 135, 150, 165, 178, 190}) {
            double tempo = check("band " + bpm, Synth.band(bpm, 30, 0.5, (long) bpm), bpm, fs);
            assertEquals(bpm, tempo, 0.5, "tempo of a " + bpm + " BPM band loop");
        }
        assertTrue(mean(fs) >= 0.95, "mean F " + mean(fs));
    }

    @Test
    void swungAndNoisyLoopsKeepTheirBeat() {
        List<Double> fs = new ArrayList<>();
        for (double bpm : new double[] {84, 118, 146}) {
            double tempo = check("swing " + bpm, Synth.band(bpm, 30, 0.667, 7), bpm, fs);
            assertEquals(bpm, tempo, 0.5);
            Synth noisy = Synth.band(bpm, 30, 0.5, 8);
            noisy.noise(6);
            tempo = check("noise 6 dB " + bpm, noisy, bpm, fs);
            assertEquals(bpm, tempo, 1.0);
        }
        assertTrue(mean(fs) >= 0.95, "mean F " + mean(fs));
    }

    /**
     * Funk grooves (sixteenth hats, a syncopated kick on the "and"s, chord stabs and bass notes on every off-beat)
     * were the tracker's worst case: at 100 and 104 BPM read at double tempo (the eighth-note pulse is as strong as
     * the beat), at 108 BPM tracked a steady grid on the off-beats (F = 0: the off-beats carry more broadband onset
     * than the beats). The tempo, the number of beats and their phase must be the quarter notes'.
     */
    @Test
    void funkGroovesKeepTheirTempoAndTheirBeat() {
        List<Double> fs = new ArrayList<>();
        for (double bpm : new double[] {80, 92, 100, 104, 108, 116, 124}) {
            for (long seed : new long[] {1, 2}) {
                Synth song = Synth.funk(bpm, 30, seed);
                double tempo = check("funk " + bpm + " seed " + seed, song, bpm, fs);
                assertEquals(bpm, tempo, 0.5, "tempo of a " + bpm + " BPM funk groove");
                assertTrue(fs.get(fs.size() - 1) >= 0.9, "beats on the beat of a " + bpm + " BPM funk groove: F "
                        + fs.get(fs.size() - 1));
            }
        }
        assertTrue(mean(fs) >= 0.95, "mean F " + mean(fs));
    }

    @Test
    void aTempoChangeIsFollowed() {
        List<Double> fs = new ArrayList<>();
        Synth song = Synth.tempoChange(100, 128, 40);
        double tempo = check("change 100->128", song, 100, fs);
        assertTrue(fs.get(0) >= 0.85, "F " + fs.get(0));
        assertTrue(Math.abs(tempo - 100) < 1.5 || Math.abs(tempo - 128) < 1.5, "tempo " + tempo);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
