package io.clipizy.gateway.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import io.clipizy.gateway.local.procedural.ImageRequest;
import io.clipizy.gateway.local.procedural.LoopRequest;
import io.clipizy.gateway.local.procedural.MusicGenerator;
import io.clipizy.gateway.local.procedural.MusicRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The procedural generators as engine jobs, like analysis and rendering: they run on the engine's own workers, report
 * progress, can be cancelled, and fail with typed errors.
 */
class LocalEngineJobsTest {
    @TempDir
    Path dir;

    private LocalEngine engine;

    @BeforeEach
    void setUp() {
        engine = new LocalEngine(EngineFixture.config(dir.resolve("work")));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Progress notes with the thread that sent them. */
    private static final class Recorder implements ProgressListener {
        final List<Double> fractions = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void progress(double fraction, String message) {
            fractions.add(fraction);
            threads.add(Thread.currentThread().getName());
        }

        void assertReportedOnWorkers() {
            assertTrue(fractions.size() >= 2, "progress " + fractions);
            assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9, "ends at 1: " + fractions);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("clipizy-local-")), "threads " + threads);
        }
    }

    private static <T> T await(LocalJob<T> job) {
        return job.result().toCompletableFuture().orTimeout(5, TimeUnit.MINUTES).join();
    }

    private static Throwable failure(LocalJob<?> job) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> job.result().toCompletableFuture().orTimeout(2, TimeUnit.MINUTES).join());
        return e.getCause();
    }

    @Test
    void anImageJobWritesThePictureOnAWorker() throws IOException {
        Recorder progress = new Recorder();
        Path png = await(engine.generateImage(new ImageRequest("neon city at night", ImageRequest.Style.ANIMATED, 320,
                180, 9, null, null), dir.resolve("city.png"), progress));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(320, image.getWidth());
        assertEquals(180, image.getHeight());
        progress.assertReportedOnWorkers();
    }

    @Test
    void aLoopJobRendersTheLoopWithProgress() throws IOException {
        Path still = await(engine.generateImage(new ImageRequest("forest", null, 640, 360, 1, null, null),
                dir.resolve("forest.png"), ProgressListener.NONE));
        Recorder progress = new Recorder();
        Path loop = await(engine.generateLoop(new LoopRequest(still, LoopRequest.Motion.PAN, 1, Timeline.Resolution.P720,
                Timeline.Aspect.SQUARE, 12, 0.5), dir.resolve("forest.mp4"), progress));
        MediaProbe probe = engine.ffmpeg().probe(loop, "video");
        assertEquals(720, probe.video().width());
        assertEquals(12, probe.video().frames());
        progress.assertReportedOnWorkers();
    }

    @Test
    void aMusicJobWritesTheTrackAndSaysWhatItHolds() {
        Recorder progress = new Recorder();
        MusicGenerator.Generated track = await(engine.generateMusic(new MusicRequest("calm lofi", null, 90, "A minor",
                30, 5, MusicRequest.Format.MP3), dir.resolve("calm.mp3"), progress));
        assertEquals(90, track.bpm(), 1e-9);
        assertTrue(track.key().startsWith("A"), track.key());
        MediaProbe probe = engine.ffmpeg().probe(track.file(), "audio");
        assertEquals("mp3", probe.audio().codecName());
        assertEquals(30, probe.durationSeconds(), 0.2);
        progress.assertReportedOnWorkers();
    }

    @Test
    void aCancelledJobStopsAndLeavesNoFile() throws IOException {
        LocalJob<MusicGenerator.Generated> job = engine.generateMusic(new MusicRequest("epic trailer", null, null, null,
                300, 1, null), dir.resolve("long.wav"), ProgressListener.NONE);
        job.cancel();
        assertInstanceOf(OperationCancelledException.class, failure(job));
        // the worker reaches its next check and stops; wait for it before looking for leftovers
        await(engine.submit(cancellation -> 0));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains("long")).toList());
        }
    }

    @Test
    void anUndecodablePictureFailsTheLoopJobAsInvalidInputAtOnce() throws IOException {
        for (Path bad : List.of(BadPictures.truncatedPng(dir.resolve("cut.png")),
                BadPictures.zipNamedPng(dir.resolve("archive.png")))) {
            Throwable cause = failure(engine.generateLoop(new LoopRequest(bad, null, 2, null, null, 25, 0.5),
                    dir.resolve("bad.mp4"), ProgressListener.NONE));
            LocalEngineException e = assertInstanceOf(InvalidInputException.class, cause);
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("bad.mp4")));
        }
    }
}
