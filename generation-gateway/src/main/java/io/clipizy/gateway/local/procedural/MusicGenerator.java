package io.clipizy.gateway.local.procedural;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.audio.WavWriter;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small synthesizer and arranger, honestly not a neural model: a mood preset gives the tempo, mode, two chord
 * progressions (verse and chorus), drum and bass patterns and the pad's timbre; the length is cut into intro, verse,
 * chorus, verse, chorus and outro on whole bars; drums (synthesized kick, snare, hats), a filtered saw bass, detuned
 * pads and a plucked arpeggio with a ping-pong echo are rendered sample by sample into a stereo 44.1 kHz mix that
 * is normalised, faded and written as 16-bit WAV (or encoded to MP3 by FFmpeg). One seeded generator drives the
 * key choice, the humanised velocities, fills and noise, so a request always gives the same bytes.
 */
public final class MusicGenerator {
    /** Output sample rate. */
    public static final int SAMPLE_RATE = 44100;

    private final Ffmpeg ffmpeg;

    public MusicGenerator(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** A section of the arrangement, in seconds. */
    public record Section(String name, double start, double end) {
    }

    /** The rendered mix and what it was made from. */
    public record Track(float[] left, float[] right, double bpm, String key, MusicRequest.Mood mood,
                        List<Section> sections) {
        public double seconds() {
            return left.length / (double) SAMPLE_RATE;
        }
    }

    /** The written file and what it holds. */
    public record Generated(Path file, double seconds, double bpm, String key, MusicRequest.Mood mood,
                            List<Section> sections) {
    }

    /** Composes, renders and writes the track to {@code output} (WAV or MP3 as requested), moved in when done. */
    public Generated generate(MusicRequest request, Path output, Cancellation cancellation,
                              ProgressListener progress) {
        Track track = render(request, cancellation, progress.part(0, 0.8));
        Path wav = output.resolveSibling("." + output.getFileName() + ".partial.wav");
        Path mp3 = output.resolveSibling("." + output.getFileName() + ".partial.mp3");
        try {
            writeWav(wav, track);
            Path done = wav;
            if (request.format() == MusicRequest.Format.MP3) {
                ffmpeg.run(List.of("-i", wav.toString(), "-c:a", "libmp3lame", "-b:a", "192k", "-f", "mp3",
                        mp3.toString()), track.seconds(), cancellation, progress.part(0.8, 1));
                done = mp3;
            }
            Files.move(done, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.progress(1, "written");
            return new Generated(output, track.seconds(), track.bpm(), track.key(), track.mood(), track.sections());
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot write the track: " + e.getMessage(), e);
        } finally {
            deleteQuietly(wav);
            deleteQuietly(mp3);
        }
    }

    /** Composes and renders the mix in memory (about 350 KB a second of music). */
    public Track render(MusicRequest request, Cancellation cancellation, ProgressListener progress) {
        MusicRequest.Mood mood = request.resolvedMood();
        Preset preset = Preset.of(mood);
        SplittableRandom random = new SplittableRandom(request.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        MusicRequest.Key asked = request.resolvedKey();
        boolean minor = asked != null && asked.minor() != null ? asked.minor() : preset.minor;
        int tonic = asked != null ? asked.tonic() : random.nextInt(12);
        int bpm = request.resolvedBpm();
        Renderer r = new Renderer((int) Math.round(request.seconds() * SAMPLE_RATE), bpm, random);
        List<Part> parts = arrange(request.seconds(), bpm);
        int totalBars = parts.stream().mapToInt(Part::bars).sum();
        List<Section> sections = new ArrayList<>();
        int bar = 0;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            cancellation.check();
            progress.progress(p / (double) parts.size(), "rendering the " + part.name);
            double start = r.barStart(bar);
            for (int b = 0; b < part.bars; b++) {
                renderBar(r, preset, part.name, bar + b, b, part.bars, totalBars, tonic, minor);
            }
            bar += part.bars;
            sections.add(new Section(part.name, Math.min(start, request.seconds()),
                    Math.min(r.barStart(bar), request.seconds())));
        }
        progress.progress(0.95, "mixing");
        r.master();
        progress.progress(1, "rendered");
        return new Track(r.left, r.right, bpm, new MusicRequest.Key(tonic, minor).name(minor), mood,
                List.copyOf(sections));
    }

    /** The structure, on whole bars, covering at least {@code seconds}: intro, verse, chorus, verse, chorus, outro. */
    static List<Part> arrange(double seconds, int bpm) {
        int bars = (int) Math.ceil(seconds * bpm / 240.0);
        // sections in pairs of bars read as phrases; a short track at a slow tempo cannot afford them
        int unit = bars >= 24 ? 2 : 1;
        int units = (bars + unit - 1) / unit;
        String[] names = {"intro", "verse", "chorus", "verse", "chorus", "outro"};
        int[] weights = {1, 3, 2, 2, 3, 1};
        int[] size = new int[names.length];
        int used = 0;
        for (int i = 0; i < names.length; i++) {
            size[i] = Math.max(1, units * weights[i] / 12);
            used += size[i];
        }
        int[] growOrder = {4, 2, 1, 3, 5, 0};
        for (int k = 0; used < units; k = (k + 1) % growOrder.length) {
            size[growOrder[k]]++;
            used++;
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            parts.add(new Part(names[i], size[i] * unit));
        }
        return parts;
    }

    record Part(String name, int bars) {
    }

    private static void renderBar(Renderer r, Preset preset, String section, int bar, int barInSection,
                                  int sectionBars, int totalBars, int tonic, boolean minor) {
        boolean chorus = section.equals("chorus");
        boolean verse = section.equals("verse");
        boolean edge = section.equals("intro") || section.equals("outro");
        // the song closes on its tonic chord (every preset's verse opens on it), the cadence a listener hears as home:
        // its last two bars, since the track's end may cut into the very last one
        boolean finalBar = bar >= totalBars - 2;
        Chord chord = finalBar ? preset.verse[0] : (chorus ? preset.chorus : preset.verse)[barInSection % 4];
        boolean swap = minor != preset.minor;
        int root = tonic + Chord.inMode(chord.root, preset.minor, swap);
        int[] tones = chord.tones(tonic, preset.minor, swap);
        double barSeconds = 240.0 / r.bpm;
        // pads hold the chord for the whole bar, brighter in the chorus
        r.pad(r.barStart(bar), barSeconds, tones, chorus ? 1.0 : 0.75, preset.padBright * (chorus ? 1.4 : 1),
                preset.padSaw);
        boolean lastBar = barInSection == sectionBars - 1;
        boolean fill = lastBar && !edge && r.random.nextDouble() < 0.7;
        for (int step = 0; step < 16; step++) {
            double at = r.stepTime(bar, step, preset.swing);
            boolean inFill = fill && step >= 12;
            if (!edge || section.equals("outro")) {
                if (preset.kick[step] && !(edge && step != 0)) {
                    r.kick(at, (chorus ? 1.0 : 0.9) * r.human());
                }
            }
            if (!edge) {
                if (inFill) {
                    r.snare(at, (0.45 + 0.12 * (step - 12)) * r.human());
                } else if (preset.snare[step]) {
                    r.snare(at, (chorus ? 0.95 : 0.85) * r.human());
                } else if (preset.ghost[step]) {
                    r.snare(at, 0.22 * r.human());
                }
            }
            boolean hat = chorus || verse ? preset.hats[step] : step % 4 == 2;
            if (hat && !inFill) {
                boolean open = chorus && preset.openHat && step % 4 == 2;
                r.hat(at, (step % 4 == 0 ? 0.7 : 0.5) * r.human() * (edge ? 0.7 : 1), open);
            }
            if (!edge && preset.bass[step]) {
                int note = 36 + Math.floorMod(root, 12) + (chorus && step % 8 == 6 ? 12 : 0);
                double length = preset.bassLength * 60.0 / r.bpm;
                r.bass(at, length, note, (step % 4 == 0 ? 1.0 : 0.8) * r.human(), preset.bassCutoff);
            }
            if (chorus && step % preset.arpEvery == 0) {
                int index = (step / preset.arpEvery + (int) (r.random.nextDouble() * 1.3)) % tones.length;
                int note = tones[index] + 12 + (step >= 8 && preset.arpEvery == 2 ? 12 : 0);
                r.pluck(at, note, 0.55 * r.human());
            }
        }
        if (section.equals("intro") && barInSection == sectionBars - 1) {
            // a riser of noise into the first verse
            r.riser(r.barStart(bar), barSeconds);
        }
    }

    // ---------------------------------------------------------------- presets

    private record Chord(int root, int[] intervals) {
        static Chord parse(String spec) {
            String[] parts = spec.split(":");
            int[] iv = switch (parts[1]) {
                case "m" -> new int[] {0, 3, 7};
                case "M7" -> new int[] {0, 4, 7, 11};
                case "m7" -> new int[] {0, 3, 7, 10};
                case "D7" -> new int[] {0, 4, 7, 10};
                case "sus" -> new int[] {0, 5, 7};
                default -> new int[] {0, 4, 7};
            };
            return new Chord(Integer.parseInt(parts[0]), iv);
        }

        /** Natural major and minor scales; a degree of one maps to the same degree of the other. */
        private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};
        private static final int[] MINOR_SCALE = {0, 2, 3, 5, 7, 8, 10};

        /**
         * A pitch (semitones above the tonic) moved to the other mode by scale degree when {@code swap}: a preset
         * written in major, asked for in minor, keeps its progression's degrees (I-V-vi-IV becomes i-v-VI-iv),
         * so every chord stays in the asked key. Swapping only the thirds would give chords from neither mode (the
         * vi of A major with a major third is F# A# C#, and its C# makes the "A minor" song sound in A major).
         */
        static int inMode(int pitch, boolean presetMinor, boolean swap) {
            if (!swap) {
                return pitch;
            }
            int[] from = presetMinor ? MINOR_SCALE : MAJOR_SCALE;
            int[] to = presetMinor ? MAJOR_SCALE : MINOR_SCALE;
            int pc = Math.floorMod(pitch, 12);
            for (int d = 0; d < 7; d++) {
                if (from[d] == pc) {
                    return pitch + to[d] - pc;
                }
            }
            return pitch;
        }

        /** MIDI notes voiced around middle C, each moved into the asked mode by scale degree. */
        int[] tones(int tonic, boolean presetMinor, boolean swap) {
            int absoluteRoot = tonic + root;
            int base = 48 + Math.floorMod(absoluteRoot, 12);
            if (base > 55) {
                base -= 12;
            }
            int[] notes = new int[intervals.length];
            for (int i = 0; i < intervals.length; i++) {
                int note = base + 12 + intervals[i];
                notes[i] = note - Math.floorMod(note - tonic, 12) + inModeClass(note - tonic, presetMinor, swap);
            }
            return notes;
        }

        private static int inModeClass(int pitch, boolean presetMinor, boolean swap) {
            int pc = Math.floorMod(pitch, 12);
            return inMode(pc, presetMinor, swap);
        }
    }

    private static final class Preset {
        boolean minor;
        Chord[] verse;
        Chord[] chorus;
        boolean[] kick;
        boolean[] snare;
        boolean[] ghost = steps();
        boolean[] hats;
        boolean[] bass;
        double bassLength = 0.45;
        double bassCutoff = 500;
        double padBright = 1200;
        boolean padSaw = true;
        boolean openHat;
        double swing;
        int arpEvery = 2;

        static Preset of(MusicRequest.Mood mood) {
            Preset p = new Preset();
            switch (mood) {
                case CHILL -> {
                    p.verse = chords("0:M7 9:m7 2:m7 7:D7");
                    p.chorus = chords("5:M7 4:m7 9:m7 7:D7");
                    p.kick = steps(0, 8);
                    p.snare = steps(4, 12);
                    p.hats = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bass = steps(0, 8);
                    p.bassLength = 1.6;
                    p.bassCutoff = 320;
                    p.padBright = 900;
                    p.padSaw = false;
                    p.swing = 0.08;
                    p.arpEvery = 2;
                }
                case DARK -> {
                    p.minor = true;
                    p.verse = chords("0:m 8:M 3:M 10:M");
                    p.chorus = chords("0:m 5:m 8:M 7:M");
                    p.kick = steps(0, 8, 10);
                    p.snare = steps(4, 12);
                    p.hats = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bass = steps(0, 4, 8, 12);
                    p.bassLength = 0.9;
                    p.bassCutoff = 380;
                    p.padBright = 800;
                }
                case EPIC -> {
                    p.minor = true;
                    p.verse = chords("0:m 8:M 3:M 10:M");
                    p.chorus = chords("8:M 10:M 0:m 0:m");
                    p.kick = steps(0, 8, 10);
                    p.snare = steps(4, 12);
                    p.hats = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bass = steps(0, 8);
                    p.bassLength = 1.9;
                    p.bassCutoff = 600;
                    p.padBright = 1800;
                    p.openHat = true;
                }
                case ROMANTIC -> {
                    p.verse = chords("0:M 9:m 5:M 7:M");
                    p.chorus = chords("5:M 7:M 4:m 9:m");
                    p.kick = steps(0, 8);
                    p.snare = steps(4, 12);
                    p.hats = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bass = steps(0, 8);
                    p.bassLength = 1.9;
                    p.bassCutoff = 300;
                    p.padBright = 1000;
                    p.padSaw = false;
                }
                case FUNKY -> {
                    p.minor = true;
                    p.verse = chords("0:m7 5:D7 0:m7 5:D7");
                    p.chorus = chords("3:M7 5:D7 0:m7 10:M");
                    // disco's four-on-the-floor under a syncopated bass keeps the quarter-note pulse unmistakable
                    p.kick = steps(0, 4, 8, 12);
                    p.snare = steps(4, 12);
                    p.ghost = steps(15);
                    p.hats = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bass = steps(0, 3, 6, 8, 10, 11, 14);
                    p.bassLength = 0.22;
                    p.bassCutoff = 900;
                    p.padBright = 1400;
                    p.swing = 0.04;
                }
                default -> {
                    p.verse = chords("0:M 7:M 9:m 5:M");
                    p.chorus = chords("5:M 0:M 7:M 9:m");
                    p.kick = steps(0, 4, 8, 12);
                    p.snare = steps(4, 12);
                    p.hats = steps(2, 6, 10, 14, 0, 4, 8, 12);
                    p.bass = steps(0, 2, 4, 6, 8, 10, 12, 14);
                    p.bassLength = 0.4;
                    p.bassCutoff = 700;
                    p.padBright = 1500;
                    p.openHat = true;
                }
            }
            return p;
        }

        private static Chord[] chords(String specs) {
            String[] parts = specs.split(" ");
            Chord[] chords = new Chord[parts.length];
            for (int i = 0; i < parts.length; i++) {
                chords[i] = Chord.parse(parts[i]);
            }
            return chords;
        }

        private static boolean[] steps(int... on) {
            boolean[] steps = new boolean[16];
            for (int s : on) {
                steps[s] = true;
            }
            return steps;
        }
    }

    // ---------------------------------------------------------------- synthesis

    /** The stereo buffers and the instruments that add into them. */
    private static final class Renderer {
        final float[] left;
        final float[] right;
        final double bpm;
        final SplittableRandom random;
        private final float[] noise;

        Renderer(int samples, double bpm, SplittableRandom random) {
            this.left = new float[samples];
            this.right = new float[samples];
            this.bpm = bpm;
            this.random = random;
            this.noise = new float[SAMPLE_RATE];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }

        double barStart(int bar) {
            return bar * 240.0 / bpm;
        }

        double stepTime(int bar, int step, double swing) {
            double sixteenth = 15.0 / bpm;
            return barStart(bar) + step * sixteenth + (step % 2 == 1 ? swing * sixteenth : 0);
        }

        double human() {
            return 0.9 + 0.1 * random.nextDouble();
        }

        private void add(int index, double l, double r) {
            if (index >= 0 && index < left.length) {
                left[index] += (float) l;
                right[index] += (float) r;
            }
        }

        void kick(double at, double velocity) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            int length = (int) (0.45 * SAMPLE_RATE);
            double phase = 0;
            for (int i = 0; i < length; i++) {
                double t = i / (double) SAMPLE_RATE;
                phase += 2 * Math.PI * (44 + 110 * Math.exp(-t * 30)) / SAMPLE_RATE;
                double click = i < 90 ? noise[i] * 0.4 * (1 - i / 90.0) : 0;
                double v = velocity * (Math.sin(phase) * Math.exp(-t * 7) + click) * 0.9;
                add(start + i, v, v);
            }
        }

        void snare(double at, double velocity) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            int length = (int) (0.28 * SAMPLE_RATE);
            int offset = random.nextInt(noise.length - length - 1);
            for (int i = 0; i < length; i++) {
                double t = i / (double) SAMPLE_RATE;
                double hp = noise[offset + i + 1] - 0.6 * noise[offset + i];
                double v = velocity * (0.45 * Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t * 28)
                        + 0.42 * hp * Math.exp(-t * 17));
                add(start + i, v * 0.95, v);
            }
        }

        void hat(double at, double velocity, boolean open) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            double decay = open ? 11 : 55;
            int length = (int) ((open ? 0.35 : 0.08) * SAMPLE_RATE);
            int offset = random.nextInt(noise.length - length - 2);
            for (int i = 0; i < length; i++) {
                double t = i / (double) SAMPLE_RATE;
                // a second difference keeps only the top of the noise's spectrum
                double hp = noise[offset + i + 2] - 2 * noise[offset + i + 1] + noise[offset + i];
                double v = velocity * 0.09 * hp * Math.exp(-t * decay);
                add(start + i, v * 0.8, v);
            }
        }

        void bass(double at, double seconds, int midi, double velocity, double cutoff) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            int length = (int) (seconds * SAMPLE_RATE);
            int release = (int) (0.03 * SAMPLE_RATE);
            double freq = hz(midi);
            double phase = 0;
            double lp1 = 0;
            double lp2 = 0;
            for (int i = 0; i < length + release; i++) {
                double t = i / (double) SAMPLE_RATE;
                phase += freq / SAMPLE_RATE;
                double saw = 2 * (phase - Math.floor(phase + 0.5));
                double sub = Math.sin(2 * Math.PI * phase);
                double cut = Math.min(8000, cutoff * (1 + 2.5 * Math.exp(-t * 14)));
                double k = 1 - Math.exp(-2 * Math.PI * cut / SAMPLE_RATE);
                lp1 += k * (saw - lp1);
                lp2 += k * (lp1 - lp2);
                double env = Math.min(1, i / (0.004 * SAMPLE_RATE))
                        * (i < length ? 1 : 1 - (i - length) / (double) release) * (0.75 + 0.25 * Math.exp(-t * 6));
                double v = velocity * env * (0.32 * lp2 + 0.22 * sub);
                add(start + i, v, v);
            }
        }

        void pad(double at, double seconds, int[] notes, double level, double brightness, boolean saw) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            int length = (int) (seconds * SAMPLE_RATE);
            int attack = (int) (0.25 * SAMPLE_RATE);
            int release = (int) (0.5 * SAMPLE_RATE);
            double k = 1 - Math.exp(-2 * Math.PI * brightness / SAMPLE_RATE);
            for (int n = 0; n < notes.length; n++) {
                for (int voice = 0; voice < 2; voice++) {
                    double freq = hz(notes[n]) * (voice == 0 ? 0.9965 : 1.0035);
                    double phase = random.nextDouble();
                    double lp1 = 0;
                    double lp2 = 0;
                    double pan = voice == 0 ? 0.8 : 0.3;
                    for (int i = 0; i < length + release; i++) {
                        phase += freq / SAMPLE_RATE;
                        double wave = saw ? 2 * (phase - Math.floor(phase + 0.5))
                                : Math.sin(2 * Math.PI * phase) + 0.25 * Math.sin(4 * Math.PI * phase);
                        lp1 += k * (wave - lp1);
                        lp2 += k * (lp1 - lp2);
                        double env = Math.min(1, i / (double) attack)
                                * (i < length ? 1 : 1 - (i - length) / (double) release);
                        double v = level * 0.045 * env * (saw ? lp2 : wave);
                        add(start + i, v * pan, v * (1.1 - pan));
                    }
                }
            }
        }

        void pluck(double at, int midi, double velocity) {
            // the note and two quieter echoes a dotted eighth apart, alternating sides
            double echo = 45.0 / bpm;
            for (int repeat = 0; repeat < 3; repeat++) {
                int start = (int) Math.round((at + repeat * echo) * SAMPLE_RATE);
                double gain = velocity * Math.pow(0.38, repeat);
                double pan = repeat == 0 ? 0.5 : (repeat % 2 == 1 ? 0.85 : 0.15);
                double freq = hz(midi);
                int length = (int) (0.6 * SAMPLE_RATE);
                for (int i = 0; i < length; i++) {
                    double t = i / (double) SAMPLE_RATE;
                    double x = 2 * Math.PI * freq * t;
                    double v = gain * 0.12 * Math.exp(-t * 7)
                            * (Math.sin(x) + 0.35 * Math.sin(2 * x) * Math.exp(-t * 10) + 0.12 * Math.sin(3 * x));
                    add(start + i, v * (1 - pan) * 2, v * pan * 2);
                }
            }
        }

        void riser(double at, double seconds) {
            int start = (int) Math.round(at * SAMPLE_RATE);
            int length = (int) (seconds * SAMPLE_RATE);
            double lp = 0;
            for (int i = 0; i < length; i++) {
                double progress = i / (double) length;
                double k = 0.02 + 0.5 * progress * progress;
                lp += k * (noise[i % noise.length] - lp);
                double v = 0.12 * progress * progress * lp;
                add(start + i, v, v);
            }
        }

        /** Soft-clips, normalises to -1 dBFS and fades in and out so the track starts and ends cleanly. */
        void master() {
            double peak = 0;
            for (int i = 0; i < left.length; i++) {
                left[i] = (float) Math.tanh(left[i] * 1.2);
                right[i] = (float) Math.tanh(right[i] * 1.2);
                peak = Math.max(peak, Math.max(Math.abs(left[i]), Math.abs(right[i])));
            }
            double gain = peak <= 1e-9 ? 1 : 0.89 / peak;
            int fadeIn = (int) (0.02 * SAMPLE_RATE);
            int fadeOut = (int) Math.min(left.length / 4, 4.0 * SAMPLE_RATE);
            for (int i = 0; i < left.length; i++) {
                double g = gain;
                if (i < fadeIn) {
                    g *= i / (double) fadeIn;
                }
                int fromEnd = left.length - 1 - i;
                if (fromEnd < fadeOut) {
                    double x = fromEnd / (double) fadeOut;
                    g *= x * x;
                }
                left[i] = (float) (left[i] * g);
                right[i] = (float) (right[i] * g);
            }
        }

        private static double hz(int midi) {
            return 440 * Math.pow(2, (midi - 69) / 12.0);
        }
    }

    private static void writeWav(Path file, Track track) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            WavWriter.header(out, 2, SAMPLE_RATE, (long) track.left().length * 4);
            byte[] buffer = new byte[1 << 14];
            int fill = 0;
            for (int i = 0; i < track.left().length; i++) {
                int l = pcm(track.left()[i]);
                int r = pcm(track.right()[i]);
                buffer[fill++] = (byte) l;
                buffer[fill++] = (byte) (l >> 8);
                buffer[fill++] = (byte) r;
                buffer[fill++] = (byte) (r >> 8);
                if (fill == buffer.length) {
                    out.write(buffer, 0, fill);
                    fill = 0;
                }
            }
            out.write(buffer, 0, fill);
        }
    }

    private static int pcm(float sample) {
        return (int) Math.round(Math.max(-1, Math.min(1, sample)) * 32767);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a hidden partial file left behind is harmless; the result is already decided
        }
    }
}
