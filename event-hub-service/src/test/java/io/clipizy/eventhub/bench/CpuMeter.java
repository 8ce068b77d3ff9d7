package io.clipizy.eventhub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the machine's CPU goes during a step, read from Linux' /proc: the hub under test, this process (the load
 * generator and the in-process Kafka broker), PostgreSQL's processes (the replay store; the peer uses none), and the
 * whole machine. The machine is shared by all of them, so a hub's ceiling in the ramp is often the machine's: these
 * figures say how much of it the harness itself took. Outside Linux every figure is NaN.
 */
final class CpuMeter {
    /** USER_HZ: the unit of /proc's CPU times on every Linux architecture the bench runs on. */
    private static final double CLOCK_TICKS = 100.0;

    /** Cumulative CPU seconds at one instant. */
    record Sample(long nanos, double hub, double harness, double postgres, double busy, double steal) {
    }

    private final HubProcess hub;

    CpuMeter(HubProcess hub) {
        this.hub = hub;
    }

    Sample sample() {
        double busy = Double.NaN;
        double steal = Double.NaN;
        try {
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 7; i++) {
                total += Long.parseLong(f[i]);
            }
            busy = (total - Long.parseLong(f[4]) - Long.parseLong(f[5])) / CLOCK_TICKS;
            steal = f.length > 8 ? Long.parseLong(f[8]) / CLOCK_TICKS : 0;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new Sample(System.nanoTime(), hub.cpuSeconds(), processSeconds(Path.of("/proc/self/stat")), postgres(),
                busy, steal);
    }

    /** Cores used between two samples, per part, e.g. "cores: hub 0.41, load generator + Kafka 0.72, ...". */
    static String describe(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        if (seconds <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, "cores: hub %.2f, load generator + Kafka %.2f, PostgreSQL %.2f, machine %.2f of %d "
                        + "(steal %.2f)", (b.hub() - a.hub()) / seconds, (b.harness() - a.harness()) / seconds,
                (b.postgres() - a.postgres()) / seconds, (b.busy() - a.busy()) / seconds,
                Runtime.getRuntime().availableProcessors(), (b.steal() - a.steal()) / seconds);
    }

    /**
     * The CPU seconds of every running PostgreSQL process (server, backends and background workers); a backend that
     * ends during a step takes its share with it (the hub's pooled connections live through the run).
     */
    private static double postgres() {
        double sum = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String comm = Files.readString(process.resolve("comm")).trim();
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        sum += processSeconds(process.resolve("stat"));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return sum;
    }

    /** utime + stime of one process, from its /proc/PID/stat; NaN when unreadable. */
    static double processSeconds(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ", field 3 (state) is index 0: utime is field 14 -> index 11, stime 15 -> index 12
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
