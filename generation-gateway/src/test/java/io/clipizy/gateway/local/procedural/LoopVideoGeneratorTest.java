package io.clipizy.gateway.local.procedural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loops from a still: the frame size and count asked for, real motion, and a last frame equal to the first. */
class LoopVideoGeneratorTest {
    private static final int PROBE_W = 64;
    private static final int PROBE_H = 64;

    @TempDir
    Path dir;

    private Ffmpeg ffmpeg;
    private LoopVideoGenerator generator;
    private Path still;

    @BeforeEach
    void setUp() {
        ffmpeg = new Ffmpeg(EngineFixture.tools().ffmpeg(), EngineFixture.tools().ffprobe());
        generator = new LoopVideoGenerator(ffmpeg, "ultrafast", 20);
        still = new ImageGenerator().generate(new ImageRequest("city skyline at sunset", ImageRequest.Style.CINEMATIC,
                960, 540, 4, null, null), dir.resolve("still.png"), Cancellation.create());
    }

    @Test
    void everyMotionLoopsSeamlesslyAtItsAspect() throws IOException {
        Object[][] cases = {
                {LoopRequest.Motion.ZOOM, Timeline.Aspect.LANDSCAPE},
                {LoopRequest.Motion.PAN, Timeline.Aspect.PORTRAIT},
                {LoopRequest.Motion.PARALLAX, Timeline.Aspect.SQUARE},
                {LoopRequest.Motion.COLOR_CYCLE, Timeline.Aspect.LANDSCAPE}};
        for (Object[] c : cases) {
            LoopRequest.Motion motion = (LoopRequest.Motion) c[0];
            Timeline.Aspect aspect = (Timeline.Aspect) c[1];
            LoopRequest request = new LoopRequest(still, motion, 2, Timeline.Resolution.P720, aspect, 25, 0.8);
            List<Double> progress = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            Path out = generator.generate(request, dir.resolve(motion + ".mp4"), Cancellation.create(),
                    (fraction, message) -> progress.add(fraction));
            System.out.printf("video_generation %s %s 2 s 720p: %.2f s%n", motion, aspect.wire(),
                    (System.nanoTime() - start) / 1e9);
            MediaProbe probe = ffmpeg.probe(out, "video");
            assertEquals("h264", probe.video().codecName());
            assertEquals("yuv420p", probe.video().pixelFormat());
            assertEquals(aspect.width(Timeline.Resolution.P720), probe.video().width(), motion.toString());
            assertEquals(aspect.height(Timeline.Resolution.P720), probe.video().height(), motion.toString());
            assertEquals(50, probe.video().frames(), motion + " frame count");
            assertEquals(2.0, probe.durationSeconds(), 0.05);
            assertTrue(progress.contains(1.0), "progress must reach the end");
            byte[][] frames = frames(out, 0, 12, 25, 49);
            double seam = meanAbsDiff(frames[0], frames[3]);
            double quarter = meanAbsDiff(frames[0], frames[1]);
            double middle = meanAbsDiff(frames[0], frames[2]);
            assertTrue(seam < 1.5, motion + ": the last frame differs from the first by " + seam);
            assertTrue(Math.max(quarter, middle) > 4 * Math.max(seam, 0.5), motion + ": no visible motion (quarter "
                    + quarter + ", middle " + middle + ", seam " + seam + ")");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("partial")));
        }
    }

    @Test
    void anExplicitFrameSizeWinsOverTheResolution() throws IOException {
        // the video jobs API asks for width x height (e.g. 640 x 360), not a resolution of the timeline vocabulary
        LoopRequest request = new LoopRequest(still, LoopRequest.Motion.PAN, 1, Timeline.Resolution.P720,
                Timeline.Aspect.LANDSCAPE, 24, 0.5, 640, 360);
        Path out = generator.generate(request, dir.resolve("small.mp4"), Cancellation.create(), ProgressListener.NONE);
        MediaProbe probe = ffmpeg.probe(out, "video");
        assertEquals(640, probe.video().width());
        assertEquals(360, probe.video().height());
        assertEquals(1.0, probe.durationSeconds(), 0.05);
    }

    @Test
    void badInputIsRefused() throws IOException {
        assertTrue(assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 0, null, null, 25, 0.5))
                .getMessage().contains("seconds"));
        assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 61, null, null, 25, 0.5));
        assertTrue(assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 3, null, null, 5, 0.5))
                .getMessage().contains("fps"));
        assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 3, null, null, 25, 1.5));
        assertTrue(assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 3, null, null, 25, 0.5,
                641, 360)).getMessage().contains("even"));
        assertThrows(InvalidInputException.class, () -> new LoopRequest(still, null, 3, null, null, 25, 0.5, 32, 32));
        assertTrue(assertThrows(InvalidInputException.class, () -> LoopRequest.Motion.fromString("spin"))
                .getMessage().contains("motion"));
        assertEquals(LoopRequest.Motion.COLOR_CYCLE, LoopRequest.Motion.fromString("colour-cycle"));
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertThrows(InvalidInputException.class, () -> generator.generate(new LoopRequest(text, null, 2, null, null,
                25, 0.5), dir.resolve("x.mp4"), Cancellation.create(), ProgressListener.NONE));
        assertTrue(Files.notExists(dir.resolve("x.mp4")));
    }

    /** The given frames, each shrunk to a 64 x 64 grey thumbnail. */
    private byte[][] frames(Path video, int... indices) throws IOException {
        StringBuilder select = new StringBuilder();
        for (int i : indices) {
            select.append(select.length() == 0 ? "" : "+").append("eq(n\\,").append(i).append(')');
        }
        Path raw = dir.resolve("frames.raw");
        ffmpeg.run(List.of("-i", video.toString(), "-vf", "select='" + select + "',scale=" + PROBE_W + ":" + PROBE_H
                        + ":flags=area,format=gray", "-fps_mode", "passthrough", "-f", "rawvideo", raw.toString()),
                0, Cancellation.create(), ProgressListener.NONE);
        byte[] all = Files.readAllBytes(raw);
        assertEquals(indices.length * PROBE_W * PROBE_H, all.length);
        byte[][] frames = new byte[indices.length][];
        for (int f = 0; f < indices.length; f++) {
            frames[f] = java.util.Arrays.copyOfRange(all, f * PROBE_W * PROBE_H, (f + 1) * PROBE_W * PROBE_H);
        }
        return frames;
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 255) - (b[i] & 255));
        }
        return sum / a.length;
    }
}
