package io.clipizy.local;

import io.clipizy.infra.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PERFORMANCE.md P8, footprint, on a built tree: starts the infrastructure as the launcher does (its own classes),
 * then each of the six services alone, {@code --runs} times (default 3): the time from starting the process to 200 on
 * {@code /q/health/ready} (polled every 50 ms) and Quarkus' own "started in"; after {@code --idle} seconds (default
 * 30) without traffic, the process' resident memory (VmRSS of it and its children, from /proc) and the JVM's heap and
 * non-heap use (from {@code /q/metrics}). Then stops it. Last, unless {@code --no-stack}, the whole stack as
 * {@code deploy/run.sh --no-demo} starts it, timed to ready, and every process' RSS after the same idle time.
 * Prints {@code name, ours, peer, ratio, unit} lines (medians; there is no peer: '—'). Services start as the launcher
 * starts them, with their class-data archive ({@link ClassDataArchive}): a service's first run without one writes it
 * at exit and later runs map it; each kind of run has its own rows. The services' runtime and cache are the
 * launcher's choice ({@link ServiceJdk}: an AOT cache on a JDK 25 or later when there is one): {@code --cds appcds}
 * forces the launcher's runtime with AppCDS, {@code --cds off} starts them without either.
 *
 * <p>{@code java -cp "deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)" io.clipizy.local.FootprintBench [--runs N] [--idle S] [--no-stack] [--cds on|aot|appcds|off] [--only SERVICE,...]}
 * with nothing else on the stack's ports (it holds them all, like the launcher).
 */
public final class FootprintBench {
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Duration READY_LIMIT = Duration.ofMinutes(3);

    /** {@code archive}: how the class-data archive took part in this start (see {@link #archiveMode}). */
    record Sample(double readySeconds, double quarkusSeconds, double rssMb, double heapMb, double nonHeapMb, String archive) {
    }

    static final String MAPPED = "class-data archive mapped";
    static final String WRITING = "no archive yet, written at exit";
    static final String AOT_MAPPED = "AOT cache mapped";
    static final String AOT_TRAINING = "training run, AOT cache written at exit";
    static final String NO_ARCHIVE = "no class-data archive";

    private final Workspace workspace;
    private final StackSettings settings;
    private final PrintStream out;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private final List<String> jvmFlags;
    private final Map<String, String> extraEnv;
    private final ServiceJdk.Choice runtime;
    private final List<ServiceSpec> services;

    FootprintBench(Workspace workspace, StackSettings settings, PrintStream out, List<String> jvmFlags,
                   Map<String, String> extraEnv, ServiceJdk.Choice runtime, List<ServiceSpec> services) {
        this.runtime = runtime;
        this.services = List.copyOf(services);
        this.jvmFlags = List.copyOf(jvmFlags);
        this.extraEnv = Map.copyOf(extraEnv);
        this.workspace = workspace;
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int idle = 30;
        boolean stack = true;
        String cds = null;
        List<String> flags = null;
        List<ServiceSpec> only = Services.ALL;
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jvm-flags" -> flags = List.of(args[++i].trim().split("\\s+"));
                case "--env" -> {
                    String[] kv = args[++i].split("=", 2);
                    env.put(kv[0], kv[1]);
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--no-stack" -> stack = false;
                case "--cds" -> cds = args[++i];
                case "--only" -> {
                    List<String> names = List.of(args[++i].split(","));
                    only = Services.ALL.stream().filter(s -> names.contains(s.module())).toList();
                }
                default -> {
                    System.err.println("usage: FootprintBench [--runs N] [--idle SECONDS] [--no-stack] [--cds on|aot|appcds|off] "
                            + "[--only SERVICE,...] "
                            + "[--jvm-flags \"FLAGS\" (instead of the launcher's)] [--env NAME=VALUE]...");
                    System.exit(2);
                }
            }
        }
        Map<String, String> stackEnv = new LinkedHashMap<>(System.getenv());
        if (cds != null) {
            stackEnv.put("CLIPIZY_CDS", cds); // the whole-stack part too
        }
        StackSettings settings = new StackSettings(stackEnv);
        ServiceJdk.Choice runtime = settings.serviceRuntime();
        FootprintBench bench = new FootprintBench(Workspace.locate(Path.of("")), settings, System.out,
                flags != null ? flags : ServiceProcess.flags(runtime.jdk().version()), env, runtime, only);
        int code = bench.run(runs, idle, stack);
        System.exit(code);
    }

    int run(int runs, int idleSeconds, boolean wholeStack) throws Exception {
        LauncherLogging.toFile(workspace.log("footprint-bench"));
        List<String> rows = new ArrayList<>();
        Stack infra = new Stack(new Stack.Options(true, true, false), workspace, settings, quiet, false);
        List<String> problems = new Stack(new Stack.Options(false, true, false), workspace, settings, quiet, false).preflight();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("error: " + p));
            return 1;
        }
        long t0 = System.nanoTime();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        try {
            if (startQuietly(infra) != 0) {
                System.err.println("the infrastructure did not start; see " + workspace.show(workspace.logs()));
                return 1;
            }
            out.println("services on " + runtime.describe() + " (" + workspace.show(workspace.classDataArchives()) + ")");
            out.println("service JVM flags: " + String.join(" ", jvmFlags) + (extraEnv.isEmpty() ? "" : "; environment " + extraEnv));
            out.printf(Locale.ROOT, "infrastructure (PostgreSQL checks, Kafka, S3Proxy, Keycloak) up in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            for (int i = 1; i <= runs; i++) {
                for (ServiceSpec spec : services) {
                    Sample s = alone(infra, spec, idleSeconds);
                    samples.computeIfAbsent(spec.module(), k -> new ArrayList<>()).add(s);
                    out.printf(Locale.ROOT, "run %d %-18s ready %.2f s (Quarkus: started in %.2f s), idle RSS %.0f MB, "
                                    + "heap %.0f MB, non-heap %.0f MB; %s%n", i, spec.module(), s.readySeconds(),
                            s.quarkusSeconds(), s.rssMb(), s.heapMb(), s.nonHeapMb(), s.archive());
                }
            }
        } finally {
            infra.stopAll();
        }
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            // a run that wrote the archive and runs that mapped it are different starts: each kind has its own rows
            Map<String, List<Sample>> byArchive = new LinkedHashMap<>();
            for (Sample s : e.getValue()) {
                byArchive.computeIfAbsent(s.archive(), k -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<String, List<Sample>> kind : byArchive.entrySet()) {
                List<Sample> list = kind.getValue();
                String n = e.getKey() + " (" + kind.getKey() + ", " + list.size() + (list.size() == 1 ? " run)" : " runs)");
                rows.add(row("P8 " + n + " process start to ready (target < 2 s)", median(list, Sample::readySeconds), "s"));
                rows.add(row("P8 " + n + " Quarkus 'started in'", median(list, Sample::quarkusSeconds), "s"));
                rows.add(row("P8 " + n + " idle RSS after " + idleSeconds + " s (target < 200 MB)", median(list, Sample::rssMb), "MB"));
                rows.add(row("P8 " + n + " heap used, idle", median(list, Sample::heapMb), "MB"));
                rows.add(row("P8 " + n + " non-heap used, idle", median(list, Sample::nonHeapMb), "MB"));
            }
        }
        if (wholeStack) {
            rows.addAll(wholeStack(idleSeconds));
        }
        out.println();
        out.println("name, ours, peer, ratio, unit");
        rows.forEach(out::println);
        return 0;
    }

    private int startQuietly(Stack stack) {
        try (Progress progress = new Progress(quiet, false, 100)) {
            return stack.startAll(progress);
        }
    }

    /** One service on its own: started as the launcher starts it, timed to ready, left idle, measured, stopped. */
    private Sample alone(Stack infra, ServiceSpec spec, int idleSeconds) throws Exception {
        long start = System.nanoTime();
        Map<String, String> env = new LinkedHashMap<>(infra.environment(spec));
        env.putAll(extraEnv);
        ServiceProcess service = ServiceProcess.start(workspace, spec, env, jvmFlags, runtime);
        try {
            double ready = awaitReady(service, start);
            double quarkus = quarkusStartedIn(service.process().log());
            Thread.sleep(idleSeconds * 1000L);
            double rss = rssMb(service.process().pid());
            Map<String, Double> memory = jvmMemoryMb(spec);
            return new Sample(ready, quarkus, rss, memory.getOrDefault("heap", Double.NaN),
                    memory.getOrDefault("nonheap", Double.NaN), archiveMode(runtime.cache(), service.usesClassDataArchive()));
        } finally {
            service.close();
            if (service.archiveOutcome() == ClassDataArchive.Outcome.REJECTED
                    || service.archiveOutcome() == ClassDataArchive.Outcome.NOT_WRITTEN) {
                out.println(spec.module() + ": the class-data archive written at exit was " + service.archiveOutcome());
            }
        }
    }

    static String archiveMode(ServiceJdk.Cache cache, boolean mapped) {
        return switch (cache) {
            case NONE -> NO_ARCHIVE;
            case APP_CDS -> mapped ? MAPPED : WRITING;
            case AOT_CACHE -> mapped ? AOT_MAPPED : AOT_TRAINING;
        };
    }

    private static double awaitReady(ServiceProcess service, long start) throws InterruptedException {
        long deadline = start + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process().alive()) {
                throw new IllegalStateException(service.spec().module() + " exited during start:\n" + service.process().tail(30));
            }
            if (Http.get(service.spec().readinessUrl()).ok()) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(service.spec().module() + " not ready after " + READY_LIMIT.toSeconds() + " s:\n"
                + service.process().tail(30));
    }

    /** The whole stack as the launcher starts it (no demo): time to ready, then each process' RSS after the idle time. */
    private List<String> wholeStack(int idleSeconds) throws Exception {
        List<String> rows = new ArrayList<>();
        long start = System.nanoTime();
        Stack stack = new Stack(new Stack.Options(false, true, false), workspace, settings, quiet, false);
        try {
            if (startQuietly(stack) != 0) {
                throw new IllegalStateException("the whole stack did not start; see " + workspace.show(workspace.logs()));
            }
            double ready = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "whole stack ready in %.1f s; idle %d s...%n", ready, idleSeconds);
            rows.add(row("P8 whole stack (6 services + Kafka + S3Proxy + Keycloak + API gateway) start to ready (target < 60 s)",
                    ready, "s"));
            Thread.sleep(idleSeconds * 1000L);
            double total = 0;
            for (ChildProcess child : stack.children()) {
                double rss = rssMb(child.pid());
                total += rss;
                rows.add(row("P8 whole stack, idle RSS of " + child.name(), rss, "MB"));
            }
            rows.add(row("P8 whole stack, idle RSS of all its processes (launcher not counted)", total, "MB"));
        } finally {
            long stopping = System.nanoTime();
            stack.stopAll();
            rows.add(row("P8 whole stack stop", (System.nanoTime() - stopping) / 1e9, "s"));
        }
        return rows;
    }

    /** Quarkus' "started in 1.234s" from the service's log (the last one, should the log hold several). */
    static double quarkusStartedIn(Path log) throws IOException {
        double seconds = Double.NaN;
        Matcher m = STARTED.matcher(Files.readString(log));
        while (m.find()) {
            seconds = Double.parseDouble(m.group(1));
        }
        return seconds;
    }

    /** VmRSS of the process and its descendants (setsid may stand between us and the JVM), in MB (MiB). */
    static double rssMb(long pid) {
        long kb = vmRssKb(pid);
        kb += ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(d -> vmRssKb(d.pid())).sum()).orElse(0L);
        return kb / 1024.0;
    }

    static long vmRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended: nothing resident
        }
        return 0;
    }

    /** Sums of jvm_memory_used_bytes by area (heap, nonheap) from the Prometheus text of /q/metrics, in MB. */
    static Map<String, Double> jvmMemoryMb(ServiceSpec spec) {
        Http.Answer answer = Http.get(spec.baseUrl() + "/q/metrics");
        return answer.ok() ? parseJvmMemoryMb(answer.body()) : Map.of();
    }

    static Map<String, Double> parseJvmMemoryMb(String prometheus) {
        Map<String, Double> mb = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^jvm_memory_used_bytes\\{([^}]*)}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
        Pattern area = Pattern.compile("area=\"([a-z]+)\"");
        Matcher m = line.matcher(prometheus);
        while (m.find()) {
            Matcher a = area.matcher(m.group(1));
            if (a.find()) {
                mb.merge(a.group(1), Double.parseDouble(m.group(2)) / (1024 * 1024), Double::sum);
            }
        }
        return mb;
    }

    private static double median(List<Sample> list, java.util.function.ToDoubleFunction<Sample> f) {
        double[] values = list.stream().mapToDouble(f).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }

    static String row(String name, double ours, String unit) {
        return String.format(Locale.ROOT, "%s, %s, —, —, %s", name, unit.equals("s") ? String.format(Locale.ROOT, "%.2f", ours)
                : String.format(Locale.ROOT, "%.0f", ours), unit);
    }
}
