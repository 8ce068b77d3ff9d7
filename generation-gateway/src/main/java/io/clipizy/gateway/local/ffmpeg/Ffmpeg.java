package io.clipizy.gateway.local.ffmpeg;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.contracts.event.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bundled {@code ffmpeg} and {@code ffprobe} as child processes: with their shared libraries on
 * {@code LD_LIBRARY_PATH}, progress parsed from {@code -progress pipe:1}, the last lines of stderr kept for error
 * messages, and the process killed when the operation is cancelled. Every process is bounded in time: it is killed
 * (a {@code timeout} failure) when its output stops advancing for the stall limit, or when it runs past a ceiling
 * that grows with the length of what it makes; ffprobe gets a fixed limit.
 */
public final class Ffmpeg {
    /** How long a process may go without advancing its output, by default. */
    public static final Duration DEFAULT_STALL = Duration.ofMinutes(3);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(60);
    private static final Duration MIN_LIMIT = Duration.ofMinutes(10);
    /** A run may take this many seconds per second of output before its ceiling (4K, slow presets, 2 cores). */
    private static final double LIMIT_PER_OUTPUT_SECOND = 30;
    /** The ceiling of a process whose output length is not known (a decode to a pipe). */
    private static final Duration OPEN_LIMIT = Duration.ofHours(2);

    private final Path ffmpeg;
    private final Path ffprobe;
    private final Duration stall;

    public Ffmpeg(Path ffmpeg, Path ffprobe) {
        this(ffmpeg, ffprobe, DEFAULT_STALL);
    }

    /** Programs with a stall limit of their own (tests use seconds). */
    public Ffmpeg(Path ffmpeg, Path ffprobe, Duration stall) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.stall = stall;
    }

    public Path ffmpegPath() {
        return ffmpeg;
    }

    /**
     * Starts ffmpeg with {@code args} (after the common {@code -hide_banner -nostdin} options); stdout is a pipe. The
     * reader calls {@link FfmpegProcess#touch()} as data arrives: a process that delivers nothing for the stall limit,
     * or runs past two hours, is killed.
     */
    public FfmpegProcess start(List<String> args, Cancellation cancellation) {
        return launch(args, cancellation).watch(stall, OPEN_LIMIT);
    }

    private FfmpegProcess launch(List<String> args, Cancellation cancellation) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y"));
        command.addAll(args);
        return FfmpegProcess.start(builder(command), cancellation);
    }

    /** The ceiling of a run that makes {@code expectedSeconds} of output. */
    static Duration limitFor(double expectedSeconds) {
        long seconds = (long) Math.ceil(Math.max(0, expectedSeconds) * LIMIT_PER_OUTPUT_SECOND);
        return seconds > MIN_LIMIT.toSeconds() ? Duration.ofSeconds(seconds) : MIN_LIMIT;
    }

    /**
     * Runs ffmpeg to completion, reporting progress against {@code expectedSeconds} of output. A non-zero exit is an
     * internal failure that carries ffmpeg's last error lines.
     */
    public void run(List<String> args, double expectedSeconds, Cancellation cancellation, ProgressListener progress) {
        List<String> withProgress = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats"));
        withProgress.addAll(args);
        try (FfmpegProcess process = launch(withProgress, cancellation).watch(stall, limitFor(expectedSeconds))) {
            ProgressParser parser = new ProgressParser(expectedSeconds, progress, process::touch);
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    parser.accept(line);
                }
            } catch (IOException e) {
                cancellation.check();
                process.checkExpired();
                throw new LocalEngineException(ErrorCode.INTERNAL, "Lost FFmpeg's progress output", e);
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new LocalEngineException(ErrorCode.INTERNAL,
                        "FFmpeg failed (exit " + exit + "): " + process.errorTail());
            }
        }
    }

    /**
     * Decodes the first picture of an image or video file to nowhere: a file FFmpeg cannot turn into a picture (a
     * truncated PNG, a ZIP named .png, a sound file) is an {@link InvalidInputException} naming {@code subject} (e.g.
     * "clip 2's image 'a.png'"), found in milliseconds before any long run is built on it.
     */
    public void requireDecodablePicture(Path file, String subject, Cancellation cancellation) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(subject + " does not exist; upload it again");
        }
        try (FfmpegProcess process = launch(List.of("-v", "error", "-i", file.toString(), "-map", "0:v:0",
                "-frames:v", "1", "-f", "null", "-"), cancellation).watch(PROBE_LIMIT, PROBE_LIMIT)) {
            try {
                process.stdout().readAllBytes();
            } catch (IOException e) {
                cancellation.check();
                process.checkExpired();
            }
            if (process.waitFor() != 0) {
                String reason = firstError(process.errorTail());
                throw new InvalidInputException(subject + " is not a picture FFmpeg can decode"
                        + (reason.isBlank() ? "" : " (" + reason + ")")
                        + "; upload it again as a PNG, JPEG or WebP (or an MP4 for a video)");
            }
        }
    }

    /** The first of ffmpeg's error lines without its {@code [decoder @ 0x...]} prefixes. */
    private static String firstError(String tail) {
        String first = tail.split(" \\| ", 2)[0];
        return first.replaceAll("\\[[^\\]]*@ 0x[0-9a-fA-F]+\\]\\s*", "").trim();
    }

    /**
     * Reads a media file's container and streams with ffprobe. A file ffprobe cannot read is an
     * {@link InvalidInputException} that says so.
     */
    public MediaProbe probe(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("The " + what + " file " + file.getFileName() + " does not exist");
        }
        List<String> command = List.of(ffprobe.toString(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", file.toString());
        ProcessBuilder builder = builder(command);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ScheduledFuture<?> killer = FfmpegProcess.killAfter(process, PROBE_LIMIT);
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                // ffprobe's error output is short; reading stdout first cannot dead-lock on a full stderr pipe
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            } finally {
                killer.cancel(false);
            }
            if (!process.waitFor(5, TimeUnit.SECONDS) || killer.isDone() && !killer.isCancelled()) {
                process.destroyForcibly();
                throw new InvalidInputException("The " + what + " file " + file.getFileName() + " could not be read "
                        + "in " + PROBE_LIMIT.toSeconds() + " s; upload a common " + what + " format");
            }
            if (process.exitValue() != 0) {
                String reason = FfmpegProcess.lastLines(new String(err, StandardCharsets.UTF_8), 2);
                throw new InvalidInputException("The " + what + " file " + file.getFileName()
                        + " is not a media file FFmpeg can read" + (reason.isBlank() ? "" : " (" + reason + ")")
                        + "; upload a common " + what + " format");
            }
            JsonNode json = JsonCodec.mapper().readTree(out);
            return MediaProbe.of(json);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot run ffprobe at " + ffprobe, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalEngineException(ErrorCode.CANCELLED, "Interrupted while probing the " + what, e);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        Path libraries = Path.of(command.get(0)).toAbsolutePath().getParent();
        if (libraries != null) {
            // the bundled programs find their own libav* next to them
            String current = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", current == null || current.isBlank()
                    ? libraries.toString() : libraries + ":" + current);
        }
        return builder;
    }

    /** Turns ffmpeg's {@code key=value} progress lines into fractions of the expected output duration. */
    static final class ProgressParser {
        private final double expectedSeconds;
        private final ProgressListener progress;
        private final Runnable advanced;
        private final Map<String, String> last = new java.util.HashMap<>();

        ProgressParser(double expectedSeconds, ProgressListener progress) {
            this(expectedSeconds, progress, () -> {
            });
        }

        /** {@code advanced} runs whenever the output grows (frames, time or bytes written). */
        ProgressParser(double expectedSeconds, ProgressListener progress, Runnable advanced) {
            this.expectedSeconds = expectedSeconds;
            this.progress = progress;
            this.advanced = advanced;
        }

        void accept(String line) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                return;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if ((key.equals("frame") || key.equals("out_time_us") || key.equals("total_size"))
                    && !value.equals(last.put(key, value))) {
                advanced.run();
            }
            if (key.equals("out_time_us") || key.equals("out_time_ms")) {
                // both keys are microseconds (out_time_ms is misnamed in ffmpeg)
                try {
                    double seconds = Long.parseLong(value) / 1e6;
                    if (expectedSeconds > 0 && seconds >= 0) {
                        progress.progress(Math.min(0.999, seconds / expectedSeconds),
                                String.format("encoded %.1f of %.1f s", seconds, expectedSeconds));
                    }
                } catch (NumberFormatException ignored) {
                    // "N/A" before the first frame
                }
            } else if (key.equals("progress") && value.equals("end")) {
                progress.progress(1.0, "encoded");
            }
        }
    }
}
