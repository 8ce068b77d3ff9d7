package io.clipizy.gateway.local.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.LocalEngineConfig;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.LocalJob;
import io.clipizy.gateway.local.OperationCancelledException;
import io.clipizy.gateway.local.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio files through the bundled FFmpeg into the analysis, on the engine's pool; and every kind of bad file. */
class AudioFileAnalysisTest {
    @TempDir
    Path dir;

    private LocalEngine engine;

    @BeforeEach
    void start() {
        engine = new LocalEngine(EngineFixture.config(dir));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static float[] stereo(float[] mono) {
        float[] out = new float[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            out[2 * i] = mono[i];
            out[2 * i + 1] = mono[i] * 0.8f;
        }
        return out;
    }

    @Test
    void aStereoWavIsDecodedAndAnalysedWithProgress() {
        Synth song = Synth.band(120, 20, 0.5, 21);
        Path wav = dir.resolve("song.wav");
        WavWriter.write(wav, stereo(song.out), 2, Synth.RATE);
        List<Double> progress = new CopyOnWriteArrayList<>();

        AudioAnalysis a = engine.analyzeAudio(wav, (f, m) -> progress.add(f)).result().toCompletableFuture().join();

        assertEquals(20.0, a.duration(), 0.01);
        assertEquals(120.0, a.tempo(), 0.5);
        assertTrue(BeatScore.fMeasure(song.beats, a.beatTimesSec(), 0.07) >= 0.95);
        assertTrue(progress.size() >= 3, "progress reported: " + progress);
        assertEquals(1.0, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
        }
    }

    @Test
    void anMp3KeepsItsBeat() throws Exception {
        Synth song = Synth.band(137, 20, 0.5, 22);
        Path wav = dir.resolve("song.wav");
        WavWriter.write(wav, song.out, 1, Synth.RATE);
        Path mp3 = dir.resolve("song.mp3");
        engine.ffmpeg().run(List.of("-i", wav.toString(), "-c:a", "libmp3lame", "-b:a", "128k", mp3.toString()),
                20, Cancellation.create(), ProgressListener.NONE);

        AudioAnalysis a = engine.analyzeAudio(mp3, ProgressListener.NONE).result().toCompletableFuture().join();

        assertEquals(137.0, a.tempo(), 0.5);
        assertTrue(BeatScore.fMeasure(song.beats, a.beatTimesSec(), 0.07) >= 0.9);
    }

    @Test
    void anEmptyFileIsInvalidInput() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp3"));
        assertInvalid(empty, "empty");
    }

    @Test
    void aTextFileNamedMp3IsInvalidInput() throws IOException {
        Path text = Files.writeString(dir.resolve("song.mp3"), "These are the lyrics, not the song.\n".repeat(50));
        assertInvalid(text, "not a media file");
    }

    @Test
    void aTruncatedWavIsInvalidInput() throws IOException {
        Path wav = dir.resolve("cut.wav");
        try (OutputStream out = Files.newOutputStream(wav)) {
            WavWriter.header(out, 1, 8000, 8000L * 2 * 20);
            out.write(new byte[8000 * 2 * 3]);
        }
        assertInvalid(wav, "truncated");
    }

    @Test
    void aTenHourFileIsRefusedBeforeDecoding() throws IOException {
        Path wav = dir.resolve("long.wav");
        try (OutputStream out = Files.newOutputStream(wav)) {
            WavWriter.header(out, 1, 8000, 8000L * 2 * 36000);
            out.write(new byte[16000]);
        }
        assertInvalid(wav, "longest audio");
    }

    @Test
    void garbageIsInvalidInput() throws IOException {
        byte[] noise = new byte[50_000];
        new java.util.Random(3).nextBytes(noise);
        assertInvalid(Files.write(dir.resolve("noise.wav"), noise), "");
    }

    @Test
    void aMissingFileIsInvalidInput() {
        assertInvalid(dir.resolve("nowhere.mp3"), "does not exist");
    }

    @Test
    void cancellingStopsTheAnalysis() throws Exception {
        Path wav = dir.resolve("long.wav");
        WavWriter.write(wav, Synth.band(120, 120, 0.5, 23).out, 1, Synth.RATE);
        CountDownLatch started = new CountDownLatch(1);
        LocalJob<AudioAnalysis> job = engine.analyzeAudio(wav, (f, m) -> started.countDown());
        assertTrue(started.await(30, TimeUnit.SECONDS));
        job.cancel();

        CompletionException failure = assertThrows(CompletionException.class,
                () -> job.result().toCompletableFuture().join());
        assertInstanceOf(OperationCancelledException.class, failure.getCause());
        assertEquals(ErrorCode.CANCELLED, ((LocalEngineException) failure.getCause()).code());
    }

    @Test
    void aFullQueueAnswersProviderUnavailable() throws Exception {
        LocalEngineConfig base = EngineFixture.config(dir);
        try (LocalEngine small = new LocalEngine(new LocalEngineConfig(base.ffmpeg(), base.ffprobe(), 1, 1,
                base.maxAudioSeconds(), dir, base.preset(), base.crf()))) {
            CountDownLatch release = new CountDownLatch(1);
            LocalJob<Integer> running = small.submit(c -> await(release));
            LocalJob<Integer> queued = small.submit(c -> await(release));
            LocalJob<Integer> refused = small.submit(c -> await(release));

            CompletionException failure = assertThrows(CompletionException.class,
                    () -> refused.result().toCompletableFuture().join());
            assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, ((LocalEngineException) failure.getCause()).code());
            release.countDown();
            assertEquals(1, running.result().toCompletableFuture().join());
            assertEquals(1, queued.result().toCompletableFuture().join());
        }
    }

    private static int await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void assertInvalid(Path file, String wording) {
        CompletionException failure = assertThrows(CompletionException.class,
                () -> engine.analyzeAudio(file, ProgressListener.NONE).result().toCompletableFuture().join());
        InvalidInputException invalid = assertInstanceOf(InvalidInputException.class, failure.getCause());
        assertEquals(ErrorCode.INVALID_INPUT, invalid.code());
        assertEquals(ErrorCode.INVALID_INPUT, invalid.toErrorInfo().code());
        assertTrue(invalid.getMessage().contains(wording), invalid.getMessage());
    }
}
