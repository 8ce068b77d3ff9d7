package io.clipizy.gateway.local.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.BadPictures;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.EngineFixture;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every FFmpeg process is bounded: a run whose output stops advancing is killed and fails with {@code timeout}, and a
 * picture FFmpeg cannot decode is found at once as {@code invalid_input}.
 */
class FfmpegLimitsTest {
    @TempDir
    Path dir;

    private Ffmpeg ffmpeg(Duration stall) {
        return new Ffmpeg(EngineFixture.tools().ffmpeg(), EngineFixture.tools().ffprobe(), stall);
    }

    @Test
    void aRunThatStopsAdvancingIsKilledAsATimeout() throws IOException {
        Path zip = BadPictures.zipNamedPng(dir.resolve("loop.png"));
        // -loop 1 on an undecodable picture retries it forever: the watchdog must end it
        LocalEngineException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                LocalEngineException.class, () -> ffmpeg(Duration.ofSeconds(2)).run(List.of("-loop", "1", "-i",
                        zip.toString(), "-frames:v", "30", "-f", "null", "-"), 1, Cancellation.create(),
                        ProgressListener.NONE)));
        assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("no progress for 2 s"), e.getMessage());
    }

    @Test
    void aRunThatAdvancesIsNotStopped() {
        ffmpeg(Duration.ofSeconds(2)).run(List.of("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4", "-c:v",
                "libx264", "-preset", "ultrafast", dir.resolve("ok.mp4").toString()), 4, Cancellation.create(),
                ProgressListener.NONE);
        assertTrue(dir.resolve("ok.mp4").toFile().length() > 0);
    }

    @Test
    void undecodablePicturesAreInvalidInput() throws IOException {
        Ffmpeg ffmpeg = ffmpeg(Ffmpeg.DEFAULT_STALL);
        for (Path bad : List.of(BadPictures.truncatedPng(dir.resolve("cut.png")),
                BadPictures.zipNamedPng(dir.resolve("archive.png")))) {
            InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    InvalidInputException.class, () -> ffmpeg.requireDecodablePicture(bad, "image '" + bad.getFileName()
                            + "'", Cancellation.create())));
            assertTrue(e.getMessage().startsWith("image '" + bad.getFileName() + "' is not a picture"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> ffmpeg.requireDecodablePicture(dir.resolve("none.png"),
                "image 'none.png'", Cancellation.create()));
    }
}
