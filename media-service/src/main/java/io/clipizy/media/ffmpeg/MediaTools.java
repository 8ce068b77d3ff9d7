package io.clipizy.media.ffmpeg;

import io.clipizy.media.config.MediaConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the bundled {@code ffprobe} and {@code ffmpeg} ({@code clipizy.ffprobe.path}, {@code clipizy.ffmpeg.path}) as
 * child processes. Probing and rendering block and burn CPU, so every run goes through a small bounded pool of its own
 * ({@code clipizy.media.ffmpeg-threads}): a burst of uploads queues there instead of starving the storage pools.
 */
@ApplicationScoped
public class MediaTools {
    private final Path ffprobe;
    private final Path ffmpeg;
    private final ExecutorService pool;
    private final long timeoutSeconds;

    public MediaTools(@ConfigProperty(name = "clipizy.ffprobe.path", defaultValue = "ffprobe") String ffprobe,
                      @ConfigProperty(name = "clipizy.ffmpeg.path", defaultValue = "ffmpeg") String ffmpeg,
                      MediaConfig config) {
        int threads = config.ffmpegThreads();
        java.time.Duration timeout = config.ffmpegTimeout();
        if (threads < 1) {
            throw new IllegalStateException("clipizy.media.ffmpeg-threads must be at least 1");
        }
        this.ffprobe = Path.of(ffprobe);
        this.ffmpeg = Path.of(ffmpeg);
        this.timeoutSeconds = timeout.toSeconds();
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "media-ffmpeg-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /** Runs {@code work} (which calls {@link #ffprobe} or {@link #ffmpeg}) on the bounded FFmpeg pool. */
    public <T> Uni<T> submit(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(pool);
    }

    /** Runs ffprobe with {@code args}; stdout goes line by line to {@code lines}. Blocking. */
    public Result ffprobe(List<String> args, Consumer<String> lines) {
        List<String> command = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
        command.addAll(args);
        return run(command, lines);
    }

    /** Runs ffmpeg with {@code args}, writing nothing to stdout. Blocking. */
    public Result ffmpeg(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-v", "error"));
        command.addAll(args);
        return run(command, line -> { });
    }

    private Result run(List<String> command, Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Path libraries = Path.of(command.get(0)).toAbsolutePath().getParent();
        if (libraries != null) {
            // the bundled programs load their own libav* from beside them
            Map<String, String> env = builder.environment();
            String current = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", current == null || current.isBlank() ? libraries.toString() : libraries + ":" + current);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copyTail(process.getErrorStream(), errors), "media-ffmpeg-stderr");
            drain.setDaemon(true);
            drain.start();
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "did not finish within " + timeoutSeconds + " s");
            }
            drain.join(1000);
            return new Result(process.exitValue(), lastLines(errors.toString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Keeps at most 8 KiB of error output: enough for the message, bounded whatever the tool prints. */
    private static void copyTail(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() < 8192) {
                        out.write(buffer, 0, Math.min(n, 8192 - out.size()));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is enough
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 2), lines.length)).strip();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** How a run ended: the exit code (-1 when it was killed) and the last lines of its error output. */
    public record Result(int exitCode, String errors) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
