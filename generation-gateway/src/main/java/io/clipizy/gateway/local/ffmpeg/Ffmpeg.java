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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bundled {@code ffmpeg} and {@code ffprobe} as child processes: with their shared libraries on
 * {@code LD_LIBRARY_PATH}, progress parsed from {@code -progress pipe:1}, the last lines of stderr kept for error
 * messages, and the process killed when the operation is cancelled.
 */
public final class Ffmpeg {
    private final Path ffmpeg;
    private final Path ffprobe;

    public Ffmpeg(Path ffmpeg, Path ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
    }

    public Path ffmpegPath() {
        return ffmpeg;
    }

    /** Starts ffmpeg with {@code args} (after the common {@code -hide_banner -nostdin} options); stdout is a pipe. */
    public FfmpegProcess start(List<String> args, Cancellation cancellation) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y"));
        command.addAll(args);
        return FfmpegProcess.start(builder(command), cancellation);
    }

    /**
     * Runs ffmpeg to completion, reporting progress against {@code expectedSeconds} of output. A non-zero exit is an
     * internal failure that carries ffmpeg's last error lines.
     */
    public void run(List<String> args, double expectedSeconds, Cancellation cancellation, ProgressListener progress) {
        List<String> withProgress = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats"));
        withProgress.addAll(args);
        try (FfmpegProcess process = start(withProgress, cancellation)) {
            ProgressParser parser = new ProgressParser(expectedSeconds, progress);
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    parser.accept(line);
                }
            } catch (IOException e) {
                cancellation.check();
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
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                // ffprobe's error output is short; reading stdout first cannot dead-lock on a full stderr pipe
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InvalidInputException("The " + what + " file could not be read in time");
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

        ProgressParser(double expectedSeconds, ProgressListener progress) {
            this.expectedSeconds = expectedSeconds;
            this.progress = progress;
        }

        void accept(String line) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                return;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
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
