package io.clipizy.gateway.local.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.Cancellation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sections, repetition labels, bars, key and loudness on synthesized pieces with known structure (PERFORMANCE.md P3):
 * 8-bar sections that change timbre, harmony and level, then repeat.
 */
class StructureAccuracyTest {
    private final AudioAnalyzer analyzer = new AudioAnalyzer();

    @Test
    void sectionBoundariesAreFoundAndRepeatsShareTheirLabel() {
        for (double bpm : new double[] {96, 124}) {
            Synth song = Synth.sections(bpm, "ABAB", 11);
            AudioAnalysis a = analyzer.analyze(song.out, Cancellation.create());
            List<Double> starts = a.sections().stream().map(AudioAnalysis.Section::startTime).toList();
            List<Double> inner = song.sectionStarts.subList(1, song.sectionStarts.size());
            double hitRate = BeatScore.hitRate(inner, starts, 0.5);
            System.out.printf("sections %s bpm %.0f: truth %s got %s labels %s%n", "ABAB", bpm, inner, starts,
                    a.sections().stream().map(AudioAnalysis.Section::label).toList());
            assertTrue(hitRate >= 0.9, "boundary hit rate " + hitRate);
            assertEquals(4, a.sections().size(), "no spurious sections: " + starts);
            List<String> labels = a.sections().stream().map(AudioAnalysis.Section::label).toList();
            assertEquals(labels.get(0), labels.get(2), "A repeats: " + labels);
            assertEquals(labels.get(1), labels.get(3), "B repeats: " + labels);
            assertNotEquals(labels.get(0), labels.get(1), "A is not B: " + labels);
            assertTrue(a.sections().get(1).energy() > a.sections().get(0).energy(), "B is louder than A");
            assertEquals(a.sections().size(), a.segments().size());
            assertEquals(a.duration(), a.segments().get(a.segments().size() - 1).endTime(), 1e-9);
        }
    }

    @Test
    void fourFourAndThreeFourBarsAreTold() {
        Synth four = Synth.band(112, 30, 0.5, 3);
        AudioAnalysis a4 = analyzer.analyze(four.out, Cancellation.create());
        assertEquals(4, a4.timeSignature());
        assertTrue(BeatScore.fMeasure(four.downbeats, a4.downbeatsSec(), 0.07) >= 0.9,
                "4/4 downbeats " + a4.downbeatsSec() + " vs " + four.downbeats);

        Synth three = new Synth(30, 4);
        three.bandFrom(0.3, 29.7, 132, 0.5, Synth.POP, 3, 3, 1.0);
        AudioAnalysis a3 = analyzer.analyze(three.out, Cancellation.create());
        assertEquals(3, a3.timeSignature(), "a waltz is in three");
        assertTrue(BeatScore.fMeasure(three.downbeats, a3.downbeatsSec(), 0.07) >= 0.9,
                "3/4 downbeats " + a3.downbeatsSec() + " vs " + three.downbeats);
    }

    @Test
    void theKeyOfAChordLoopIsItsTonic() {
        AudioAnalysis major = analyzer.analyze(Synth.band(100, 20, 0.5, 2).out, Cancellation.create());
        assertEquals("C", major.key().tonic());
        assertEquals(AudioAnalysis.Mode.MAJOR, major.key().mode());
        assertTrue(major.key().confidence() > 0.3, "confidence " + major.key().confidence());

        Synth minor = new Synth(20, 6);
        int[][] aMinor = {{57, 60, 64}, {50, 53, 57}, {52, 56, 59}, {57, 60, 64}};
        minor.bandFrom(0.3, 19.7, 100, 0.5, aMinor, 3, 4, 1.0);
        AudioAnalysis a = analyzer.analyze(minor.out, Cancellation.create());
        assertEquals("A", a.key().tonic(), "key " + a.key());
        assertEquals(AudioAnalysis.Mode.MINOR, a.key().mode());
    }

    /**
     * Relative keys share every note, so pitch content alone cannot tell A minor from C major: the same four chords
     * (Am F C G) were read as C major. What settles it is where the music rests — the chord it opens on and, above
     * all, the one it closes on, and the bass under them. Both orders of the same chords must be told apart.
     */
    @Test
    void relativeMajorAndMinorAreToldApart() {
        int[][] minorLoop = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}};
        int[][] majorLoop = {{48, 52, 55}, {55, 59, 62}, {57, 60, 64}, {53, 57, 60}};
        for (double bpm : new double[] {84, 100, 126}) {
            AudioAnalysis.Key minor = analyzer.analyze(loopThenClose(minorLoop, bpm, 21).out, Cancellation.create())
                    .key();
            System.out.printf("Am F C G at %.0f BPM: %s%n", bpm, minor);
            assertEquals("A", minor.tonic(), "Am F C G ... Am: " + minor);
            assertEquals(AudioAnalysis.Mode.MINOR, minor.mode(), "Am F C G ... Am: " + minor);
            AudioAnalysis.Key major = analyzer.analyze(loopThenClose(majorLoop, bpm, 22).out, Cancellation.create())
                    .key();
            System.out.printf("C G Am F at %.0f BPM: %s%n", bpm, major);
            assertEquals("C", major.tonic(), "C G Am F ... C: " + major);
            assertEquals(AudioAnalysis.Mode.MAJOR, major.mode(), "C G Am F ... C: " + major);
        }
    }

    /** A band loop over the chords for about 27 s, then a last bar on the first chord, as songs end. */
    private static Synth loopThenClose(int[][] chords, double bpm, long seed) {
        Synth s = new Synth(31, seed);
        double bar = 240 / bpm;
        double end = s.bandFrom(0.3, 0.3 + Math.floor(26.5 / bar) * bar, bpm, 0.5, chords, 3, 4, 1.0);
        s.bandFrom(end, end + bar, bpm, 0.5, new int[][] {chords[0]}, 3, 4, 1.0);
        return s;
    }

    @Test
    void silenceHasNoTempoNoBeatsAndNoKey() {
        AudioAnalysis a = analyzer.analyze(new float[Synth.RATE * 10], Cancellation.create());
        assertEquals(0.0, a.tempo());
        assertEquals(0.0, a.tempoConfidence());
        assertTrue(a.beatTimesSec().isEmpty());
        assertTrue(a.downbeatsSec().isEmpty());
        assertNull(a.key());
        assertEquals(AudioAnalysis.SILENCE_LUFS, a.loudnessLufs());
        assertEquals(10.0, a.duration(), 1e-9);
        assertEquals(1, a.sections().size());
        assertEquals(100, a.energyCurve().values().size());
    }

    @Test
    void loudnessOfAThousandHertzSineFollowsBs1770() {
        Synth sine = new Synth(10, 1);
        sine.tone(0, 10, 997, 0.1, 1e9);
        AudioAnalysis a = analyzer.analyze(sine.out, Cancellation.create());
        // a -20 dBFS 1 kHz sine in one channel reads -23.0 LUFS (BS.1770-4, K-weighting gain near 1 kHz is ~0.7 dB)
        assertEquals(-23.0, a.loudnessLufs(), 0.8);
        assertEquals(0.0, a.tempo(), "a steady tone has no beat");
    }

    @Test
    void curvesAndSpectralMeansDescribeTheSound() {
        Synth song = Synth.band(120, 12, 0.5, 9);
        AudioAnalysis a = analyzer.analyze(song.out, Cancellation.create());
        assertEquals(120, a.onsetEnvelope().values().size());
        assertEquals(10.0, a.energyCurve().rateHz());
        assertTrue(a.onsetEnvelope().values().stream().allMatch(v -> v >= 0 && v <= 1));
        assertTrue(a.spectral().centroidHz() > 200 && a.spectral().centroidHz() < 6000, a.spectral().toString());
        assertTrue(a.spectral().rolloffHz() > a.spectral().centroidHz() * 0.5);
        assertEquals(1.0, a.spectral().chromaMean().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        assertTrue(a.peakTimes().size() >= 20, "onset peaks " + a.peakTimes().size());
        assertTrue(a.loudnessLufs() > -40 && a.loudnessLufs() < 0, "loudness " + a.loudnessLufs());
    }
}
