package io.clipizy.gateway.local.ffmpeg;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running ffmpeg: its stdout to read, a daemon thread draining stderr into a short tail, a cancel hook that kills
 * it, and a watchdog that kills it when it runs too long or stops making progress (an input FFmpeg keeps retrying
 * must end in a clear {@code timeout}, never a hang). Closing it kills a process that is still running, so no child
 * outlives its operation.
 */
public final class FfmpegProcess implements AutoCloseable {
    private static final int TAIL_LINES = 12;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ffmpeg-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Process process;
    private final Cancellation cancellation;
    private final Cancellation.Registration registration;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread drainer;
    private final long started = System.nanoTime();
    private volatile long lastActivity = started;
    private volatile String expired;
    private ScheduledFuture<?> watch;

    private FfmpegProcess(Process process, Cancellation cancellation) {
        this.process = process;
        this.cancellation = cancellation;
        this.registration = cancellation.onCancel(process::destroyForcibly);
        this.drainer = new Thread(this::drainErrors, "ffmpeg-stderr-" + process.pid());
        drainer.setDaemon(true);
        drainer.start();
    }

    static FfmpegProcess start(ProcessBuilder builder, Cancellation cancellation) {
        cancellation.check();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new FfmpegProcess(process, cancellation);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot start FFmpeg (" + builder.command().get(0)
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * Kills the process once it has run for {@code limit} or gone {@code stall} without a {@link #touch()}; the
     * operation then fails with {@code timeout}.
     */
    public FfmpegProcess watch(Duration stall, Duration limit) {
        long stallNanos = stall.toNanos();
        long limitNanos = limit.toNanos();
        watch = WATCHDOG.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (now - started > limitNanos) {
                expire("FFmpeg ran longer than its limit of " + limit.toSeconds() + " s");
            } else if (now - lastActivity > stallNanos) {
                expire("FFmpeg made no progress for " + stall.toSeconds() + " s");
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Kills {@code process} (one not run through this class, e.g. ffprobe) if it is still alive after {@code limit}. */
    static ScheduledFuture<?> killAfter(Process process, Duration limit) {
        return WATCHDOG.schedule(() -> {
            process.destroyForcibly();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records progress (output advanced), which resets the stall clock of {@link #watch}. */
    public void touch() {
        lastActivity = System.nanoTime();
    }

    private void expire(String reason) {
        if (expired == null && process.isAlive()) {
            expired = reason;
            process.destroyForcibly();
        }
    }

    /** Throws the {@code timeout} failure when the watchdog stopped the process. */
    public void checkExpired() {
        String reason = expired;
        if (reason != null) {
            String tail = errorTail();
            throw new LocalEngineException(ErrorCode.TIMEOUT, reason + " and was stopped"
                    + (tail.isBlank() ? "" : " (" + tail + ")"));
        }
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Waits for the exit code; a cancelled operation throws instead of answering the kill's exit code. */
    public int waitFor() {
        try {
            int exit = process.waitFor();
            drainer.join(2000);
            cancellation.check();
            checkExpired();
            return exit;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalEngineException(ErrorCode.CANCELLED, "Interrupted while FFmpeg was running", e);
        }
    }

    /** The last lines ffmpeg wrote to stderr, joined, for an error message. */
    public String errorTail() {
        synchronized (tail) {
            return String.join(" | ", tail);
        }
    }

    @Override
    public void close() {
        registration.close();
        if (watch != null) {
            watch.cancel(false);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainErrors() {
        try (InputStream err = process.getErrorStream()) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = err.read()) >= 0) {
                if (c == '\n' || c == '\r') {
                    keep(line.toString());
                    line.setLength(0);
                } else if (line.length() < 500) {
                    line.append((char) c);
                }
            }
            keep(line.toString());
        } catch (IOException ignored) {
            // the process was killed: its tail no longer matters
        }
    }

    private void keep(String line) {
        String trimmed = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim();
        if (trimmed.isEmpty()) {
            return;
        }
        synchronized (tail) {
            tail.addLast(trimmed);
            while (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    /** The last {@code count} non-blank lines of a text. */
    static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\\R");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - count); i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.append(out.length() == 0 ? "" : " | ").append(lines[i].strip());
            }
        }
        return out.toString();
    }
}
