package io.clipizy.local;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The start-up display: one line per component with a spinner or its outcome and its elapsed seconds, redrawn in
 * place on a terminal. Anywhere else (CI, a pipe, a file) every change is one plain, timestamped line, because cursor
 * movement there only produces garbage.
 */
final class Progress implements AutoCloseable {
    enum State { WAITING, RUNNING, READY, FAILED }

    /** One component's line. Thread-safe: components start in parallel. */
    final class Step {
        private final String name;
        private State state = State.WAITING;
        private String detail = "waiting";
        private long started;
        private long ended;

        private Step(String name) {
            this.name = name;
        }

        void running(String what) {
            change(State.RUNNING, what);
        }

        void ready(String what) {
            change(State.READY, what);
        }

        void failed(String what) {
            change(State.FAILED, what);
        }

        String name() {
            return name;
        }

        private void change(State next, String what) {
            synchronized (Progress.this) {
                if (next == state && what.equals(detail)) {
                    return;
                }
                long now = System.nanoTime();
                if (state == State.WAITING && next != State.WAITING) {
                    started = now;
                }
                if (next == State.READY || next == State.FAILED) {
                    ended = now;
                }
                state = next;
                detail = what;
                if (live) {
                    render();
                } else {
                    String suffix = next == State.READY || next == State.FAILED ? String.format(Locale.ROOT, " (%.1f s)", seconds()) : "";
                    out.printf(Locale.ROOT, "[%6.1f s] %s: %s%s%n", (now - origin) / 1e9, name, what, suffix);
                    out.flush();
                }
            }
        }

        double seconds() {
            if (state == State.WAITING) {
                return 0;
            }
            return ((state == State.RUNNING ? System.nanoTime() : ended) - started) / 1e9;
        }

        State state() {
            synchronized (Progress.this) {
                return state;
            }
        }
    }

    private static final String[] SPINNER_UNICODE = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final String[] SPINNER_ASCII = {"|", "/", "-", "\\"};
    private static final String GREEN = "\033[32m";
    private static final String RED = "\033[31m";
    private static final String YELLOW = "\033[33m";
    private static final String DIM = "\033[2m";
    private static final String RESET = "\033[0m";

    private final PrintStream out;
    private final boolean live;
    private final boolean unicode;
    private final int width;
    private final long origin = System.nanoTime();
    private final List<Step> steps = new ArrayList<>();
    private int drawnLines;
    private int frame;
    private Thread ticker;

    Progress(PrintStream out, boolean live, int width) {
        this.out = out;
        this.live = live;
        this.width = Math.max(40, width);
        this.unicode = Charset.defaultCharset().equals(StandardCharsets.UTF_8);
        if (live) {
            ticker = new Thread(this::tick, "progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    /**
     * A live display needs a terminal on both ends (what System.console() tells) and one that understands ANSI
     * escapes; CI systems set CI, and TERM=dumb marks terminals that do not.
     */
    static boolean terminal(Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        return System.console() != null && !term.isEmpty() && !"dumb".equals(term) && !env.containsKey("CI");
    }

    /** The terminal's width, so no line wraps (a wrapped line would break redrawing in place). */
    static int terminalWidth(Map<String, String> env) {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectErrorStream(true).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && answer.matches("\\d+ \\d+")) {
                int columns = Integer.parseInt(answer.split(" ")[1]);
                // a pseudo-terminal nobody sized (script, some IDE consoles) reports 0
                if (columns > 0) {
                    return columns;
                }
            }
        } catch (Exception e) {
            // no stty or no terminal: fall back below
        }
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    Step step(String name) {
        synchronized (this) {
            Step step = new Step(name);
            steps.add(step);
            if (live) {
                render();
            }
            return step;
        }
    }

    /** A message outside the component lines: above the block on a terminal, a plain line otherwise. */
    void note(String message) {
        synchronized (this) {
            if (live) {
                clear();
                out.println(message);
                drawnLines = 0;
                render();
            } else {
                out.println(message);
                out.flush();
            }
        }
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                frame++;
                render();
            }
        }
    }

    private void clear() {
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
        }
    }

    private void render() {
        clear();
        int nameWidth = steps.stream().mapToInt(s -> s.name.length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Step step : steps) {
            text.append(line(step, nameWidth)).append('\n');
        }
        out.print(text);
        out.flush();
        drawnLines = steps.size();
    }

    private String line(Step step, int nameWidth) {
        String mark;
        String color;
        switch (step.state) {
            case WAITING -> {
                mark = unicode ? "·" : ".";
                color = DIM;
            }
            case RUNNING -> {
                String[] spinner = unicode ? SPINNER_UNICODE : SPINNER_ASCII;
                mark = spinner[frame % spinner.length];
                color = YELLOW;
            }
            case READY -> {
                mark = unicode ? "✔" : "+";
                color = GREEN;
            }
            default -> {
                mark = unicode ? "✖" : "x";
                color = RED;
            }
        }
        String time = step.state == State.WAITING ? "" : String.format(Locale.ROOT, "%5.1fs", step.seconds());
        String name = String.format("%-" + nameWidth + "s", step.name);
        // the visible text, cut to the terminal's width before colouring
        String detail = step.detail;
        int room = width - 1 - (2 + nameWidth + 1 + 6 + 2);
        if (detail.length() > room) {
            detail = detail.substring(0, Math.max(0, room - 1)) + (unicode ? "…" : "~");
        }
        return color + mark + RESET + " " + name + " " + time + "  " + (step.state == State.FAILED ? RED + detail + RESET : detail);
    }

    /** Stops redrawing and leaves the final state on screen; closing again does nothing. */
    @Override
    public void close() {
        Thread running = ticker;
        ticker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                render();
                drawnLines = 0;
            }
        }
    }
}
