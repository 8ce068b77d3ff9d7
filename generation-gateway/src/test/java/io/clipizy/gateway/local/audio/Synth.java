package io.clipizy.gateway.local.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes test music with known ground truth at 22050 Hz mono: clicks, drums (kick, snare, hi-hat), bass and chord
 * pads with two timbres, noise. Every event is placed at an exact time, so beat and section times are known.
 */
final class Synth {
    static final int RATE = 22050;

    final float[] out;
    final List<Double> beats = new ArrayList<>();
    final List<Double> downbeats = new ArrayList<>();
    private final Random random;

    Synth(double seconds, long seed) {
        this.out = new float[(int) Math.round(seconds * RATE)];
        this.random = new Random(seed);
    }

    double seconds() {
        return (double) out.length / RATE;
    }

    void click(double t, boolean accent) {
        double freq = accent ? 2000 : 1500;
        tone(t, 0.03, freq, 0.6, 0.006);
    }

    void kick(double t, double gain) {
        int start = (int) Math.round(t * RATE);
        double phase = 0;
        for (int i = 0; i < 0.3 * RATE && start + i < out.length; i++) {
            double s = (double) i / RATE;
            double freq = 45 + 90 * Math.exp(-s / 0.03);
            phase += 2 * Math.PI * freq / RATE;
            out[start + i] += (float) (gain * Math.sin(phase) * Math.exp(-s / 0.12));
        }
    }

    void snare(double t, double gain) {
        int start = (int) Math.round(t * RATE);
        double previous = 0;
        for (int i = 0; i < 0.2 * RATE && start + i < out.length; i++) {
            double s = (double) i / RATE;
            double noise = random.nextGaussian();
            double bright = noise - 0.6 * previous;
            previous = noise;
            double body = Math.sin(2 * Math.PI * 185 * s);
            out[start + i] += (float) (gain * (0.35 * bright * Math.exp(-s / 0.06) + 0.5 * body * Math.exp(-s / 0.04)));
        }
    }

    void hat(double t, double gain) {
        int start = (int) Math.round(t * RATE);
        double previous = 0;
        for (int i = 0; i < 0.06 * RATE && start + i < out.length; i++) {
            double s = (double) i / RATE;
            double noise = random.nextGaussian();
            out[start + i] += (float) (gain * 0.3 * (noise - previous) * Math.exp(-s / 0.015));
            previous = noise;
        }
    }

    /** A note with {@code harmonics} partials of falling strength (1: a sine, 8: bright, saw-like). */
    void note(double t, double duration, int midi, double gain, int harmonics, double decay) {
        double freq = 440 * Math.pow(2, (midi - 69) / 12.0);
        int start = (int) Math.round(t * RATE);
        int length = (int) Math.round(duration * RATE);
        for (int i = 0; i < length && start + i < out.length; i++) {
            double s = (double) i / RATE;
            double envelope = Math.min(1, s / 0.01) * Math.min(1, (duration - s) / 0.03) * Math.exp(-s / decay);
            double v = 0;
            for (int h = 1; h <= harmonics; h++) {
                if (freq * h < RATE / 2.0) {
                    v += Math.sin(2 * Math.PI * freq * h * s) / h;
                }
            }
            out[start + i] += (float) (gain * envelope * v);
        }
    }

    void chord(double t, double duration, int[] midis, double gain, int harmonics) {
        for (int m : midis) {
            note(t, duration, m, gain / midis.length, harmonics, 4.0);
        }
    }

    void tone(double t, double duration, double freq, double gain, double decay) {
        int start = (int) Math.round(t * RATE);
        for (int i = 0; i < duration * RATE && start + i < out.length; i++) {
            double s = (double) i / RATE;
            out[start + i] += (float) (gain * Math.sin(2 * Math.PI * freq * s) * Math.exp(-s / decay));
        }
    }

    /** White noise at {@code snrDb} below the signal's RMS. */
    void noise(double snrDb) {
        double energy = 0;
        for (float v : out) {
            energy += v * v;
        }
        double rms = Math.sqrt(energy / out.length) * Math.pow(10, -snrDb / 20);
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (rms * random.nextGaussian());
        }
    }

    // ---- whole pieces ----

    static Synth clicks(double bpm, double seconds, int beatsPerBar) {
        Synth s = new Synth(seconds, 1);
        double period = 60 / bpm;
        int i = 0;
        for (double t = 0.5; t < seconds - 0.2; t += period, i++) {
            s.click(t, i % beatsPerBar == 0);
            s.mark(t, i % beatsPerBar == 0);
        }
        return s;
    }

    static final int[][] POP = {{60, 64, 67}, {55, 59, 62}, {57, 60, 64}, {53, 57, 60}};
    static final int[][] OTHER = {{62, 65, 69}, {58, 62, 65}, {64, 67, 71}, {57, 60, 64}};

    /**
     * A band loop: kick on 1 and 3, snare on 2 and 4, hi-hats on eighths (the off-beat ones delayed by
     * {@code swing}, 0.5 = straight, 0.667 = triplet swing), a bass note on every beat and a chord per bar.
     */
    static Synth band(double bpm, double seconds, double swing, long seed) {
        Synth s = new Synth(seconds, seed);
        s.bandFrom(0.3, seconds - 0.3, bpm, swing, POP, 3, 4, 1.0);
        return s;
    }

    /** Plays the loop from {@code from} until {@code to}; answers the time after its last beat. */
    double bandFrom(double from, double to, double bpm, double swing, int[][] chords, int harmonics, int beatsPerBar,
                    double level) {
        double period = 60 / bpm;
        int beat = 0;
        double t = from;
        for (; t < to - 0.05; t += period, beat++) {
            int inBar = beat % beatsPerBar;
            int[] chord = chords[(beat / beatsPerBar) % chords.length];
            mark(t, inBar == 0);
            if (beatsPerBar == 3) {
                if (inBar == 0) {
                    kick(t, 0.8 * level);
                } else {
                    hat(t, 0.5 * level);
                    snare(t, 0.2 * level);
                }
            } else {
                if (inBar % 2 == 0) {
                    kick(t, (inBar == 0 ? 0.9 : 0.7) * level);
                } else {
                    snare(t, 0.5 * level);
                }
            }
            hat(t, 0.6 * level);
            hat(t + swing * period, 0.35 * level);
            note(t, period * 0.9, chord[0] - 24, (inBar == 0 ? 0.35 : 0.25) * level, 3, 0.4);
            if (inBar == 0) {
                chord(t, period * beatsPerBar, chord, 0.3 * level, harmonics);
            }
        }
        return t;
    }

    /**
     * A funk groove: sixteenth-note hi-hats accented on the eighths, a syncopated kick (1, the "a" of 1, the "and" of
     * 2, the "and" of 3), backbeat snares with ghost notes, a sixteenth-note bass line and chord stabs on every
     * off-beat eighth. Its eighth-note pulse is as strong as the beat, the classic trap for a tempo read twice as
     * fast; the beats are the quarter notes.
     */
    static Synth funk(double bpm, double seconds, long seed) {
        Synth s = new Synth(seconds, seed);
        double beat = 60 / bpm;
        double step = beat / 4;
        int[] bassLine = {36, -1, -1, 48, -1, -1, 43, -1, 36, -1, 46, 48, -1, -1, 43, 45};
        int bar = 0;
        for (double t = 0.3; t < seconds - 0.3 - 4 * beat; t += 4 * beat, bar++) {
            int[] chord = POP[bar % POP.length];
            for (int i = 0; i < 16; i++) {
                double at = t + i * step;
                if (i % 4 == 0) {
                    s.mark(at, i == 0);
                }
                s.hat(at, i % 2 == 0 ? 0.45 : 0.25);
                if (i == 0 || i == 3 || i == 6 || i == 10) {
                    s.kick(at, i == 0 ? 0.9 : 0.7);
                }
                if (i == 4 || i == 12) {
                    s.snare(at, 0.55);
                } else if (i == 7 || i == 9 || i == 15) {
                    s.snare(at, 0.12);
                }
                if (bassLine[i] > 0) {
                    s.note(at, step * 1.6, bassLine[i] + (chord[0] - 60), 0.3, 3, 0.2);
                }
                if (i % 4 == 2) {
                    s.chord(at, step * 0.8, chord, 0.35, 6);
                }
            }
        }
        return s;
    }

    static Synth tempoChange(double bpm1, double bpm2, double seconds) {
        Synth s = new Synth(seconds, 5);
        double next = s.bandFrom(0.3, seconds / 2, bpm1, 0.5, POP, 3, 4, 1.0);
        s.bandFrom(next, seconds - 0.3, bpm2, 0.5, POP, 3, 4, 1.0);
        return s;
    }

    /** Known section starts of a piece. */
    final List<Double> sectionStarts = new ArrayList<>();

    /**
     * Sections of 8 bars: A (soft pads, pop progression), B (bright, louder, other chords), repeated as the given
     * pattern, e.g. "ABAB".
     */
    static Synth sections(double bpm, String pattern, long seed) {
        double bar = 4 * 60 / bpm;
        double seconds = 0.3 + pattern.length() * 8 * bar + 1.0;
        Synth s = new Synth(seconds, seed);
        double t = 0.3;
        for (char c : pattern.toCharArray()) {
            s.sectionStarts.add(t);
            t = c == 'A'
                    ? s.bandFrom(t, t + 8 * bar, bpm, 0.5, POP, 1, 4, 0.7)
                    : s.bandFrom(t, t + 8 * bar, bpm, 0.5, OTHER, 8, 4, 1.2);
        }
        return s;
    }

    private void mark(double t, boolean downbeat) {
        beats.add(t);
        if (downbeat) {
            downbeats.add(t);
        }
    }
}
