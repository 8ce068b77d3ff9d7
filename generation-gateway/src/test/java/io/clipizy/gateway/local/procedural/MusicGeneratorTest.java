package io.clipizy.gateway.local.procedural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthesized backing tracks: deterministic, the length and tempo asked for, and a structure the analyzer finds. */
class MusicGeneratorTest {
    @TempDir
    Path dir;

    private LocalEngine engine;
    private MusicGenerator generator;

    @BeforeEach
    void setUp() {
        engine = new LocalEngine(EngineFixture.config(dir.resolve("work")));
        generator = new MusicGenerator(engine.ffmpeg());
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        MusicRequest request = new MusicRequest("funky groove", null, null, null, 30, 7, null);
        byte[] first = Files.readAllBytes(generate(request, "a.wav").file());
        byte[] again = Files.readAllBytes(generate(request, "b.wav").file());
        byte[] other = Files.readAllBytes(generate(new MusicRequest("funky groove", null, null, null, 30, 8, null),
                "c.wav").file());
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        assertEquals(44 + 30 * MusicGenerator.SAMPLE_RATE * 4, first.length, "30 s of 16-bit stereo at 44.1 kHz");
    }

    @Test
    void theAnalyzerHearsTheRequestedTempoAndTheSections() {
        Object[][] cases = {{"upbeat summer pop", 124, 60.0}, {"dark moody tension", 96, 75.0},
                {"chill lofi", 84, 60.0}, {"epic trailer", 104, 60.0}, {"romantic and tender", 76, 90.0},
                {"funky disco groove", 112, 60.0}};
        for (Object[] c : cases) {
            int bpm = (Integer) c[1];
            double seconds = (Double) c[2];
            long start = System.nanoTime();
            MusicGenerator.Generated track = generate(new MusicRequest((String) c[0], null, bpm, null, seconds, 3,
                    null), "song-" + bpm + ".wav");
            System.out.printf("music_generation %s %.0f s at %d BPM: %.2f s%n", track.mood(), seconds, bpm,
                    (System.nanoTime() - start) / 1e9);
            MediaProbe probe = engine.ffmpeg().probe(track.file(), "audio");
            assertEquals(seconds, probe.durationSeconds(), 1e-3);
            assertEquals(2, probe.audio().channels());
            AudioAnalysis analysis = engine.analyzeAudio(track.file(), Cancellation.create(), ProgressListener.NONE);
            System.out.printf("  analyzer: %.2f BPM, %d sections%n", analysis.tempo(), analysis.sections().size());
            assertEquals(bpm, analysis.tempo(), 1.0, track.mood() + ": detected tempo " + analysis.tempo());
            assertTrue(analysis.sections().size() >= 3, track.mood() + ": only " + analysis.sections().size()
                    + " sections found");
            assertEquals(List.of("intro", "verse", "chorus", "verse", "chorus", "outro"),
                    track.sections().stream().map(MusicGenerator.Section::name).toList());
            assertEquals(seconds, track.sections().get(5).end(), 1e-9);
        }
    }

    /**
     * A track asked for in a key is heard in that key: its chords stay in the asked mode (a preset written in the
     * other mode keeps its scale degrees) and it closes on the tonic chord. "Chill lofi in A minor" used to be
     * detected as A major: swapping only the chords' thirds put C# (A major's third) into it. The funky preset is
     * left out: its i7-IV7 vamp is dorian, which reads as the major key a tone below as fairly as the minor one.
     */
    @Test
    void theAnalyzerHearsTheAskedKey() {
        String[][] cases = {{"chill lofi", "A minor"}, {"upbeat summer pop", "A minor"}, {"romantic", "A minor"},
                {"dark moody", "A minor"}, {"epic trailer", "A minor"}, {"chill lofi", "E minor"},
                {"dark moody", "C major"}, {"romantic", "C major"}, {"chill lofi", "A major"}};
        for (String[] c : cases) {
            MusicGenerator.Generated track = generate(new MusicRequest(c[0], null, null, c[1], 40, 3, null),
                    "key.wav");
            AudioAnalysis analysis = engine.analyzeAudio(track.file(), Cancellation.create(), ProgressListener.NONE);
            System.out.printf("music_generation %s in %s: heard %s%n", track.mood(), c[1], analysis.key());
            String[] asked = c[1].split(" ");
            assertEquals(asked[0], analysis.key().tonic(), c[0] + " in " + c[1] + ": " + analysis.key());
            assertEquals(asked[1].equals("minor") ? AudioAnalysis.Mode.MINOR : AudioAnalysis.Mode.MAJOR,
                    analysis.key().mode(), c[0] + " in " + c[1] + ": " + analysis.key());
        }
    }

    @Test
    void anMp3IsEncodedByFfmpeg() {
        MusicGenerator.Generated track = generate(new MusicRequest("chill lofi in A minor", null, null, null, 30, 1,
                MusicRequest.Format.MP3), "chill.mp3");
        MediaProbe probe = engine.ffmpeg().probe(track.file(), "audio");
        assertEquals("mp3", probe.audio().codecName());
        assertEquals(30, probe.durationSeconds(), 0.1);
        assertEquals("A minor", track.key());
        assertEquals(MusicRequest.Mood.CHILL, track.mood());
        assertEquals(84, track.bpm());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("partial")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDescriptionSetsMoodTempoAndKey() {
        MusicRequest request = new MusicRequest("an EPIC trailer theme at 140 bpm in Eb major", null, null, null, 30, 1,
                null);
        assertEquals(MusicRequest.Mood.EPIC, request.resolvedMood());
        assertEquals(140, request.resolvedBpm());
        assertEquals(new MusicRequest.Key(3, false), request.resolvedKey());
        MusicRequest explicit = new MusicRequest("dark at 140 bpm", MusicRequest.Mood.ROMANTIC, 70, "F# minor", 30, 1,
                null);
        assertEquals(MusicRequest.Mood.ROMANTIC, explicit.resolvedMood());
        assertEquals(70, explicit.resolvedBpm());
        assertEquals(new MusicRequest.Key(6, true), explicit.resolvedKey());
        assertNull(new MusicRequest("something", null, null, null, 30, 1, null).resolvedKey());
        assertEquals(MusicRequest.Mood.UPBEAT.bpm, new MusicRequest("something", null, null, null, 30, 1, null)
                .resolvedBpm());
    }

    @Test
    void theStructureScalesWithTheLength() {
        for (double seconds : new double[] {30, 95, 300}) {
            for (int bpm : new int[] {60, 120, 180}) {
                List<MusicGenerator.Part> parts = MusicGenerator.arrange(seconds, bpm);
                int bars = parts.stream().mapToInt(MusicGenerator.Part::bars).sum();
                assertTrue(bars * 240.0 / bpm >= seconds, "the parts must cover the track");
                assertTrue(bars * 240.0 / bpm < seconds + 3 * 240.0 / bpm, "at most a pair of bars of slack");
                assertTrue(parts.stream().allMatch(p -> p.bars() >= 1));
                assertTrue(parts.get(4).bars() >= parts.get(0).bars(), "the last chorus is not shorter than the intro");
            }
        }
    }

    @Test
    void badInputIsRefused() {
        assertTrue(assertThrows(InvalidInputException.class, () -> new MusicRequest("", null, null, null, 29, 1, null))
                .getMessage().contains("seconds"));
        assertThrows(InvalidInputException.class, () -> new MusicRequest("", null, null, null, 301, 1, null));
        assertTrue(assertThrows(InvalidInputException.class, () -> new MusicRequest("", null, 200, null, 60, 1, null))
                .getMessage().contains("bpm"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new MusicRequest("", null, null, "H minor", 60, 1,
                null)).getMessage().contains("key"));
        assertTrue(assertThrows(InvalidInputException.class, () -> MusicRequest.Mood.fromString("sleepy"))
                .getMessage().contains("mood"));
    }

    private MusicGenerator.Generated generate(MusicRequest request, String name) {
        return generator.generate(request, dir.resolve(name), Cancellation.create(), ProgressListener.NONE);
    }
}
