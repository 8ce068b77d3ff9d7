package io.clipizy.gateway.local.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.BadPictures;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.OperationCancelledException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.audio.WavWriter;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timelines rendered by the bundled FFmpeg and checked with ffprobe: size, codecs, exact length, audio, faststart. */
class TimelineRendererTest {
    @TempDir
    Path dir;

    private Ffmpeg ffmpeg;
    private TimelineRenderer renderer;
    private AssetResolver assets;

    @BeforeEach
    void setUp() throws IOException {
        ffmpeg = new Ffmpeg(EngineFixture.tools().ffmpeg(), EngineFixture.tools().ffprobe());
        renderer = new TimelineRenderer(ffmpeg, dir.resolve("work"), "ultrafast", 28);
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 640, 480, Color.BLUE));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        ImageIO.write(image, "png", dir.resolve("scene.png").toFile());
        ffmpeg.run(List.of("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-c:v", "libx264", "-preset",
                "ultrafast", dir.resolve("clip.mp4").toString()), 3, Cancellation.create(), ProgressListener.NONE);
        float[] tone = new float[22050 * 10];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 22050.0));
        }
        WavWriter.write(dir.resolve("song.wav"), tone, 1, 22050);
        assets = AssetResolver.of(Map.of("scene.png", dir.resolve("scene.png"), "clip.mp4", dir.resolve("clip.mp4"),
                "song.wav", dir.resolve("song.wav")));
    }

    @Test
    void aFullTimelineRendersToTheFrame() throws IOException {
        Timeline timeline = new Timeline(Timeline.Resolution.P720, Timeline.Aspect.LANDSCAPE, 24, 6.0, null, null,
                new Timeline.AudioTrack("song.wav", 1.0, 9.0, 0.5, 1.0, 0.9),
                List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "scene.png", null, null),
                                0.0, 2.0, Timeline.Fit.COVER, new Timeline.Motion(Timeline.MotionKind.ZOOM_IN, 0.2,
                                List.of(0.5, 1.0, 1.5), 40.0), null),
                        new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.COLOR, null, "#224488", null), 2.0,
                                1.5, null, null, new Timeline.Transition(Timeline.TransitionKind.CROSSFADE, 0.5)),
                        new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.VIDEO, "clip.mp4", null, 0.5), 3.5,
                                2.5, Timeline.Fit.CONTAIN, new Timeline.Motion(Timeline.MotionKind.PAN_LEFT, 0.1,
                                List.of(4.0), null), new Timeline.Transition(Timeline.TransitionKind.DIP_TO_BLACK, 0.4))),
                List.of(new Timeline.TextOverlay("Into the night", 0.5, 3.0, null, 64, Timeline.TextPosition.BOTTOM,
                        "white", "black", 3)));
        List<Double> progress = new CopyOnWriteArrayList<>();
        Path out = dir.resolve("video.mp4");

        TimelineRenderer.Rendered rendered = renderer.render(timeline, assets, out, Cancellation.create(),
                (f, m) -> progress.add(f));

        assertEquals(144, rendered.frames());
        MediaProbe probe = ffmpeg.probe(out, "video");
        assertEquals("h264", probe.video().codecName());
        assertEquals("yuv420p", probe.video().pixelFormat());
        assertEquals(1280, probe.video().width());
        assertEquals(720, probe.video().height());
        assertEquals(144, probe.video().frames(), "exactly 6 s at 24 fps");
        assertEquals(6.0, probe.video().durationSeconds(), 1.0 / 24);
        assertEquals("aac", probe.audio().codecName());
        assertEquals(6.0, probe.audio().durationSeconds(), 0.05);
        assertEquals(6.0, probe.durationSeconds(), 0.05);
        assertFaststart(out);
        assertFalse(progress.isEmpty());
        assertEquals(1.0, progress.get(progress.size() - 1));
        assertNoLeftovers();
    }

    /**
     * A crossfade after a cut: the cut's concat leaves its output without a frame rate, which xfade refused ("Error
     * reinitializing filters!", exit 234) — the guided demo's render failed on it.
     */
    @Test
    void aCrossfadeAfterACutRenders() {
        Timeline.Source scene = new Timeline.Source(Timeline.SourceKind.IMAGE, "scene.png", null, null);
        Timeline.Transition cut = new Timeline.Transition(Timeline.TransitionKind.CUT, 0.5);
        Timeline.Transition crossfade = new Timeline.Transition(Timeline.TransitionKind.CROSSFADE, 0.5);
        Timeline.Motion zoom = new Timeline.Motion(Timeline.MotionKind.ZOOM_IN, 0.12, List.of(), null);
        Timeline timeline = new Timeline(Timeline.Resolution.P720, Timeline.Aspect.LANDSCAPE, 30, 4.0, null, null,
                new Timeline.AudioTrack("song.wav", 0.0, 4.0, 0.5, 1.5, 1.0),
                List.of(new Timeline.Clip(scene, 0.0, 1.0, Timeline.Fit.COVER, zoom, cut),
                        new Timeline.Clip(scene, 1.0, 1.0, Timeline.Fit.COVER, null, crossfade),
                        new Timeline.Clip(scene, 2.0, 1.0, Timeline.Fit.COVER, zoom, cut),
                        new Timeline.Clip(scene, 3.0, 1.0, Timeline.Fit.COVER, null, crossfade)),
                List.of());
        Path out = dir.resolve("cut-then-crossfade.mp4");
        TimelineRenderer.Rendered rendered = renderer.render(timeline, assets, out, Cancellation.create(), ProgressListener.NONE);
        assertEquals(120, rendered.frames());
        assertEquals(120, ffmpeg.probe(out, "video").video().frames());
        assertNoLeftovers();
    }

    @Test
    void portraitWithAGapAndNoSoundTrackHasSilentAudio() {
        Timeline timeline = new Timeline(Timeline.Resolution.P1080, Timeline.Aspect.PORTRAIT, 30, 3.0, null, null,
                null, List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "scene.png", null, null),
                1.0, 2.0, null, null, null)), null);
        Path out = dir.resolve("portrait.mp4");

        renderer.render(timeline, assets, out, Cancellation.create(), ProgressListener.NONE);

        MediaProbe probe = ffmpeg.probe(out, "video");
        assertEquals(1080, probe.video().width());
        assertEquals(1920, probe.video().height());
        assertEquals(90, probe.video().frames());
        assertEquals("aac", probe.audio().codecName());
    }

    @Test
    void squareTwoThousandOneHundredSixtyWorks() {
        Timeline timeline = new Timeline(Timeline.Resolution.P2160, Timeline.Aspect.SQUARE, 25, 0.4, "ultrafast", 35,
                null, List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "scene.png", null, null),
                0.0, 0.4, null, null, null)), null);
        Path out = dir.resolve("square.mp4");

        renderer.render(timeline, assets, out, Cancellation.create(), ProgressListener.NONE);

        MediaProbe probe = ffmpeg.probe(out, "video");
        assertEquals(2160, probe.video().width());
        assertEquals(2160, probe.video().height());
        assertEquals(10, probe.video().frames());
    }

    @Test
    void aMissingAssetIsInvalidInput() {
        Timeline timeline = single(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "gone.png", null,
                null), 0.0, 1.0, null, null, null));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> renderer.render(timeline, assets,
                dir.resolve("x.mp4"), Cancellation.create(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("'gone.png'"), e.getMessage());
        assertNoLeftovers();
    }

    @Test
    void anUndecodablePictureOrVideoIsInvalidInputNotAHang() throws IOException {
        Path cut = BadPictures.truncatedPng(dir.resolve("cut.png"));
        Path zip = BadPictures.zipNamedPng(dir.resolve("archive.png"));
        Files.writeString(dir.resolve("notes.mp4"), "a text file named like a video");
        AssetResolver bad = AssetResolver.of(Map.of("cut.png", cut, "archive.png", zip, "notes.mp4",
                dir.resolve("notes.mp4")));
        for (String asset : List.of("cut.png", "archive.png", "notes.mp4")) {
            Timeline.SourceKind kind = asset.endsWith(".mp4") ? Timeline.SourceKind.VIDEO : Timeline.SourceKind.IMAGE;
            Timeline timeline = single(new Timeline.Clip(new Timeline.Source(kind, asset, null, null), 0.0, 1.0, null,
                    null, null));
            InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    InvalidInputException.class, () -> renderer.render(timeline, bad, dir.resolve("x.mp4"),
                            Cancellation.create(), ProgressListener.NONE)));
            assertTrue(e.getMessage().startsWith("clip 1's " + (kind == Timeline.SourceKind.VIDEO ? "video" : "image")
                    + " '" + asset + "' is not a picture FFmpeg can decode"), e.getMessage());
            assertNoLeftovers();
        }
    }

    @Test
    void overlappingClipsAreInvalidInput() {
        Timeline timeline = new Timeline(Timeline.Resolution.P720, Timeline.Aspect.LANDSCAPE, 24, 3.0, null, null, null,
                List.of(colour(0.0, 2.0), colour(1.5, 1.0)), null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> renderer.render(timeline, assets,
                dir.resolve("x.mp4"), Cancellation.create(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void aClipPastTheEndIsInvalidInput() {
        Timeline timeline = single(colour(0.5, 3.0));
        assertThrows(InvalidInputException.class, () -> renderer.render(timeline, assets, dir.resolve("x.mp4"),
                Cancellation.create(), ProgressListener.NONE));
    }

    @Test
    void negativeTimesInTimelineJsonAreInvalidInput() {
        String json = "{\"resolution\":\"720p\",\"aspect\":\"16:9\",\"fps\":24,\"duration\":2.0,\"clips\":[{\"source\":"
                + "{\"kind\":\"color\"},\"start\":-1.0,\"duration\":1.0}]}";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TimelineRenderer.parse(JsonCodec.mapper().readTree(json)));
        assertTrue(e.getMessage().contains("'start'"), e.getMessage());
    }

    @Test
    void cancellingKillsFfmpegAndLeavesNothingBehind() {
        Timeline timeline = new Timeline(Timeline.Resolution.P1080, Timeline.Aspect.LANDSCAPE, 30, 120.0, "medium",
                18, null, List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.VIDEO, "clip.mp4", null,
                null), 0.0, 120.0, null, new Timeline.Motion(Timeline.MotionKind.ZOOM_OUT, 0.3, null, 90.0), null)),
                null);
        Cancellation cancellation = Cancellation.create();
        Path out = dir.resolve("long.mp4");
        long started = System.nanoTime();

        assertThrows(OperationCancelledException.class, () -> renderer.render(timeline, assets, out, cancellation,
                (f, m) -> {
                    if (f > 0.005) {
                        cancellation.cancel();
                    }
                }));

        assertTrue((System.nanoTime() - started) / 1e9 < 60, "cancel stops the render at once");
        assertFalse(Files.exists(out));
        assertNoLeftovers();
    }

    @Test
    void gifThumbnailAndWaveform() throws IOException {
        Path video = dir.resolve("v.mp4");
        renderer.render(new Timeline(Timeline.Resolution.P720, Timeline.Aspect.LANDSCAPE, 25, 2.0, null, null, null,
                List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.VIDEO, "clip.mp4", null, null), 0.0,
                        2.0, null, null, null)), null), assets, video, Cancellation.create(), ProgressListener.NONE);
        MediaTools tools = new MediaTools(ffmpeg);

        Path gif = tools.gif(video, dir.resolve("v.gif"), 480, 12, 400_000, Cancellation.create(), ProgressListener.NONE);
        assertEquals("GIF89a", new String(Files.readAllBytes(gif), 0, 6, StandardCharsets.US_ASCII));
        assertTrue(Files.size(gif) <= 400_000, "GIF size " + Files.size(gif));
        assertTrue(ffmpeg.probe(gif, "image").video().width() <= 480);

        Path thumb = tools.thumbnail(video, dir.resolve("v.png"), 320, Cancellation.create());
        BufferedImage poster = ImageIO.read(thumb.toFile());
        assertEquals(320, poster.getWidth());
        assertEquals(180, poster.getHeight());

        Path wave = tools.waveform(dir.resolve("song.wav"), dir.resolve("wave.png"), 800, 120, "#33ccff",
                Cancellation.create());
        BufferedImage picture = ImageIO.read(wave.toFile());
        assertEquals(800, picture.getWidth());
        assertEquals(120, picture.getHeight());
        assertNoLeftovers();
    }

    private static Timeline single(Timeline.Clip clip) {
        return new Timeline(Timeline.Resolution.P720, Timeline.Aspect.LANDSCAPE, 24, 3.0, null, null, null,
                List.of(clip), null);
    }

    private static Timeline.Clip colour(double start, double duration) {
        return new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.COLOR, null, "red", null), start, duration,
                null, null, null);
    }

    private static void assertFaststart(Path mp4) throws IOException {
        byte[] head = Files.readAllBytes(mp4);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        assertTrue(text.indexOf("moov") < text.indexOf("mdat"), "moov atom before mdat (faststart)");
    }

    private void assertNoLeftovers() {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> leftovers = files.filter(f -> f.getFileName().toString().contains(".partial")
                    || f.getFileName().toString().startsWith("render-")).toList();
            assertTrue(leftovers.isEmpty(), "temporary files left: " + leftovers);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
