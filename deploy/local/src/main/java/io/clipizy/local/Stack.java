package io.clipizy.local;

import io.clipizy.infra.ChildProcess;
import io.clipizy.infra.ApiRoutes;
import io.clipizy.infra.FfmpegTools;
import io.clipizy.infra.KafkaTopics;
import io.clipizy.infra.Ports;
import io.clipizy.infra.PostgresDatabases;
import io.clipizy.infra.S3ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The whole local stack in one foreground command: PostgreSQL databases, FFmpeg, Kafka, S3Proxy and Keycloak (in
 * parallel), then the six services; prints where everything is, and on Ctrl-C stops what it started, services first.
 * Run through {@code deploy/run.sh}, which builds first.
 */
public final class Stack {
    static final String USAGE = """
            Usage: deploy/run.sh [--no-build] [--infra-only] [--no-demo] [--song PATH] [--workflow ID]
                                 [--simulate-providers [SPEC]]

            Starts the Clipizy local stack in the foreground, then runs the guided demo of the main job (a music
            video made from a song, through the public API on http://localhost:8080); Ctrl-C stops all of it.
              --no-build       (run.sh) reuse the last build instead of running the Maven wrapper first
              --infra-only     start PostgreSQL checks, Kafka, S3Proxy, Keycloak and FFmpeg only, not the services
              --no-demo        start the stack and wait; no guided demo
              --song PATH      the demo's song (MP3, WAV, FLAC, Ogg, Opus, M4A); default: one composed by Clipizy's
                               own music generator
              --workflow ID    the demo's workflow: music-video.recurring-scenes (default),
                               music-video.looped-static or music-video.looped-animated
              --simulate-providers [SPEC]
                               load testing only: the gateway's simulated provider makes the images, clips, videos
                               and music instead of the local engine; SPEC (all optional, comma-separated):
                               latency=2s (median), p99=6s, faults=0.05, retryable=0.8 (transient share of the
                               faults), concurrency=64 (gateway tasks at once), kinds=image_generation+video_generation
                               +video_composition+music_generation
              -h, --help       this text

            Environment: CLIPIZY_DB_HOST/_PORT/_USER/_PASSWORD (PostgreSQL, default postgres@127.0.0.1:5432),
              CLIPIZY_<CLIENT>_SECRET (a service's client secret, e.g. CLIPIZY_CHAT_SERVICE_SECRET),
              CLIPIZY_KEYCLOAK_ADMIN_USER/_PASSWORD, CLIPIZY_GITHUB_CLIENT_ID/_SECRET, CLIPIZY_GOOGLE_CLIENT_ID/_SECRET,
              CLIPIZY_SERVICE_READY_TIMEOUT (seconds a service may take to be ready, default 180).
            Data, caches and logs: .clipizy/ at the repository root.""";
    static final String BUILD_FIRST = "build first: ./mvnw -DskipTests install";
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_INTERRUPTED = 130;

    /** The command line. */
    record Options(boolean infraOnly, boolean noDemo, boolean help, Path song, String workflow,
                   SimulatedProviders simulate) {
        static final List<String> WORKFLOWS = List.of("music-video.recurring-scenes", "music-video.looped-static",
                "music-video.looped-animated");

        Options(boolean infraOnly, boolean noDemo, boolean help) {
            this(infraOnly, noDemo, help, null, null, null);
        }

        static Options parse(List<String> args) {
            boolean infraOnly = false;
            boolean noDemo = false;
            boolean help = false;
            Path song = null;
            String workflow = null;
            SimulatedProviders simulate = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--infra-only" -> infraOnly = true;
                    case "--no-demo" -> noDemo = true;
                    case "-h", "--help" -> help = true;
                    case "--song" -> song = Path.of(value(args, ++i, arg));
                    case "--workflow" -> {
                        workflow = value(args, ++i, arg);
                        if (!WORKFLOWS.contains(workflow)) {
                            throw new IllegalArgumentException("--workflow must be one of " + String.join(", ", WORKFLOWS));
                        }
                    }
                    case "--simulate-providers" -> {
                        boolean spec = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
                        simulate = SimulatedProviders.parse(spec ? args.get(++i) : "");
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + arg);
                }
            }
            if (song != null && !java.nio.file.Files.isRegularFile(song)) {
                throw new IllegalArgumentException("--song " + song + ": no such file");
            }
            // a simulated stack is for load tests: the demo's music video would be made of test patterns
            return new Options(infraOnly, noDemo || simulate != null, help, song == null ? null : song.toAbsolutePath(),
                    workflow, simulate);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }

    private final Options options;
    private final Workspace workspace;
    private final StackSettings settings;
    private final PrintStream out;
    private final boolean live;
    private final long origin = System.nanoTime();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    // what has been started, so that a stop at any moment stops exactly that
    private volatile KafkaBroker kafka;
    private volatile S3ProxyServer s3;
    private volatile KeycloakServer keycloak;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile FfmpegTools ffmpeg;
    private volatile PostgresDatabases postgres;
    private volatile String postgresVersion;
    private volatile ApiGateway gateway;

    private ServiceJdk.Choice serviceRuntime;

    /** The services' runtime and class-data cache, chosen once per stack ({@link ServiceJdk}). */
    synchronized ServiceJdk.Choice serviceRuntime() {
        if (serviceRuntime == null) {
            serviceRuntime = settings.serviceRuntime();
            java.util.logging.Logger.getLogger(Stack.class.getName()).info("services run on " + serviceRuntime.describe());
        }
        return serviceRuntime;
    }

    Stack(Options options, Workspace workspace, StackSettings settings, PrintStream out, boolean live) {
        this.options = options;
        this.workspace = workspace;
        this.settings = settings;
        this.out = out;
        this.live = live;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        Map<String, String> env = System.getenv();
        int code;
        try {
            Workspace workspace = Workspace.locate(Path.of(""));
            code = new Stack(options, workspace, new StackSettings(env), System.out, Progress.terminal(env)).run();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            code = EXIT_FAILED;
        }
        System.out.flush();
        // exit, not return: the stop-signal handlers and the HTTP client keep non-daemon threads
        System.exit(code);
    }

    int run() {
        LauncherLogging.toFile(workspace.log("launcher"));
        List<String> problems = preflight();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("error: " + p));
            return EXIT_FAILED;
        }
        StopSignals.install(this::requestStop);
        out.println("Starting the Clipizy local stack" + (options.infraOnly() ? " (infrastructure only)" : "")
                + " from " + workspace.root() + " (data in " + workspace.show(workspace.data()) + ")");
        try {
            int code;
            try (Progress progress = new Progress(out, live, live ? Progress.terminalWidth(settings.env()) : 100)) {
                code = startAll(progress);
            }
            if (code == 0) {
                printSummary();
                if (!options.noDemo() && !options.infraOnly()) {
                    startDemo();
                }
                code = stayInForeground();
            }
            return code;
        } finally {
            stopAll();
        }
    }

    /** Everything that can be known wrong before starting anything: missing jars or distribution, taken ports. */
    List<String> preflight() {
        List<String> problems = new ArrayList<>();
        if (!options.infraOnly()) {
            List<String> missing = Services.ALL.stream().map(s -> workspace.serviceJar(s.module()))
                    .filter(jar -> !Files.isRegularFile(jar)).map(workspace::show).toList();
            if (!missing.isEmpty()) {
                problems.add("service jars missing (" + String.join(", ", missing) + "); " + BUILD_FIRST);
            }
        }
        if (!options.infraOnly()) {
            try {
                serviceRuntime();
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            settings.database(Services.ALL.get(0));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        String keycloakVersion = LocalArtifacts.keycloakVersion();
        if (!KeycloakServer.installed(workspace.keycloakHome(keycloakVersion))
                && LocalArtifacts.keycloakZip().filter(Files::isRegularFile).isEmpty()) {
            problems.add("Keycloak " + keycloakVersion + " is neither unpacked in " + workspace.show(workspace.keycloakHome(keycloakVersion))
                    + " nor resolved by this build; run deploy/run.sh, or build with ./mvnw -Pstack -DskipTests install");
        }
        for (Map.Entry<Integer, String> port : ports().entrySet()) {
            if (taken(port.getKey())) {
                problems.add("port " + port.getKey() + " (" + port.getValue() + ") is already in use; "
                        + "stop whatever holds it (another stack? see: ss -ltnp 'sport = :" + port.getKey() + "')");
            }
        }
        return problems;
    }

    /** Every port the stack will listen on, with what listens there. */
    Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(StackSettings.KAFKA_PORT, "Kafka");
        ports.put(StackSettings.KAFKA_CONTROLLER_PORT, "Kafka controller");
        ports.put(StackSettings.S3_PORT, "S3Proxy");
        ports.put(StackSettings.KEYCLOAK_PORT, "Keycloak");
        if (!options.infraOnly()) {
            Services.ALL.forEach(s -> ports.put(s.port(), s.module()));
            ports.put(StackSettings.GATEWAY_PORT, "API gateway");
        }
        return ports;
    }

    /** Something answers on loopback, or the port cannot be bound on any address. */
    static boolean taken(int port) {
        if (Ports.listening(port)) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The first signal stops everything politely (each process gets its shutdown time); a second one, for the
     * impatient, kills what is still running, and the orderly stop then finds nothing left to wait for.
     */
    private void requestStop() {
        if (stopRequested.compareAndSet(false, true)) {
            cancelled.set(true);
            stopSignal.countDown();
            return;
        }
        out.println("Second stop signal: killing what is still running.");
        for (ChildProcess child : running()) {
            ProcessHandle.of(child.pid()).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
        }
    }

    /** Starts everything the options ask for, in parallel where nothing depends; 0 when all of it is ready. */
    int startAll(Progress progress) {
        Map<Progress.Step, Callable<String>> infra = new LinkedHashMap<>();
        Progress.Step pgStep = progress.step("postgresql");
        infra.put(pgStep, () -> startPostgres(pgStep));
        Progress.Step ffStep = progress.step("ffmpeg");
        infra.put(ffStep, () -> startFfmpeg(ffStep));
        Progress.Step kafkaStep = progress.step("kafka");
        infra.put(kafkaStep, () -> startKafka(kafkaStep));
        Progress.Step s3Step = progress.step("s3proxy");
        infra.put(s3Step, () -> startS3(s3Step));
        Progress.Step kcStep = progress.step("keycloak");
        infra.put(kcStep, () -> startKeycloak(kcStep));
        Map<Progress.Step, Callable<String>> serviceTasks = new LinkedHashMap<>();
        if (!options.infraOnly()) {
            for (ServiceSpec spec : Services.ALL) {
                Progress.Step step = progress.step(spec.module());
                serviceTasks.put(step, () -> startService(spec, step));
            }
        }
        List<String> failures = runInParallel(infra);
        if (failures.isEmpty() && !cancelled.get() && !serviceTasks.isEmpty()) {
            failures = runInParallel(serviceTasks);
        }
        if (failures.isEmpty() && !cancelled.get() && !options.infraOnly()) {
            try {
                gateway = ApiGateway.start(StackSettings.GATEWAY_PORT, ApiRoutes.load(), Services.ALL.stream()
                        .collect(Collectors.toMap(ServiceSpec::module, ServiceSpec::port)), workspace.webRoot());
            } catch (RuntimeException e) {
                failures = List.of("api gateway: " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            progress.close();
            out.println();
            failures.forEach(f -> out.println("FAILED " + f + "\n"));
            out.println("Stopping what was started.");
            return EXIT_FAILED;
        }
        if (stopRequested.get()) {
            progress.close();
            out.println("Stop requested during start; stopping what was started.");
            return EXIT_INTERRUPTED;
        }
        return 0;
    }

    /**
     * Runs the tasks concurrently, each updating its line. The first failure cancels the others (they stop waiting
     * and close what they started); answers one message per failure, with its details.
     */
    private List<String> runInParallel(Map<Progress.Step, Callable<String>> tasks) {
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
            Thread t = new Thread(r, "start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach((step, task) -> futures.add(pool.submit(() -> {
                try {
                    step.running("starting");
                    step.ready(task.call());
                } catch (CancellationException e) {
                    step.failed("cancelled");
                } catch (Exception | Error e) {
                    String message = e.getMessage() == null ? e.toString() : e.getMessage();
                    step.failed(message.lines().findFirst().orElse(message));
                    failures.add(step.name() + ": " + message);
                    cancelled.set(true);
                }
            })));
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        } catch (ExecutionException e) {
            failures.add("launcher: " + e.getCause());
        } finally {
            pool.shutdown();
        }
        return failures;
    }

    private String startPostgres(Progress.Step step) {
        PostgresDatabases db = PostgresDatabases.fromEnvironment();
        step.running("connecting to " + db.host() + ":" + db.port());
        String version = db.check();
        List<String> created = new ArrayList<>();
        boolean fresh = settings.freshDatabases();
        for (ServiceSpec spec : Services.ALL) {
            String database = settings.database(spec);
            if (fresh) {
                db.recreate(database);
                created.add(database);
            } else if (db.ensure(database)) {
                created.add(database);
            }
        }
        postgres = db;
        postgresVersion = version;
        return "PostgreSQL " + version + " at " + db.host() + ":" + db.port() + ", " + Services.ALL.size() + " databases"
                + (created.isEmpty() ? "" : (fresh ? " (fresh: " : " (created ") + String.join(", ", created) + ")");
    }

    private String startFfmpeg(Progress.Step step) {
        Path cache = FfmpegTools.defaultCache();
        step.running(Files.exists(cache) ? "checking " + cache : "extracting into " + cache + " (first start)");
        ffmpeg = FfmpegTools.extract(cache);
        return ffmpeg.ffmpeg().toString();
    }

    private String startKafka(Progress.Step step) {
        kafka = KafkaBroker.start(workspace.kafka(), workspace.log("kafka"), StackSettings.KAFKA_PORT,
                StackSettings.KAFKA_CONTROLLER_PORT, step::running, cancelled::get);
        return kafka.bootstrap() + ", " + KafkaTopics.TOPICS.size() * 2 + " topics (KRaft, Kafka " + LocalArtifacts.kafkaVersion() + ")";
    }

    private String startS3(Progress.Step step) {
        step.running("starting on port " + StackSettings.S3_PORT);
        s3 = S3ProxyServer.start(StackSettings.S3_PORT, workspace.s3Data(), workspace.s3Work(), settings.s3AccessKey(),
                settings.s3SecretKey());
        linkLog(s3.process(), "s3proxy");
        return s3.endpoint() + " (filesystem under " + workspace.show(workspace.s3Data()) + ")";
    }

    private String startKeycloak(Progress.Step step) {
        String version = LocalArtifacts.keycloakVersion();
        keycloak = KeycloakServer.start(workspace.keycloakHome(version), LocalArtifacts.keycloakZip(), settings,
                workspace.log("keycloak"), step::running, cancelled::get);
        return settings.issuer() + " (Keycloak " + version + ")";
    }

    private String startService(ServiceSpec spec, Progress.Step step) {
        if (cancelled.get()) {
            throw new CancellationException("stop requested");
        }
        ServiceProcess service = ServiceProcess.start(workspace, spec, environment(spec), serviceRuntime());
        services.add(service);
        step.running("starting (pid " + service.process().pid() + ")");
        service.awaitReady(settings.serviceReadyTimeout(), cancelled::get, step::running);
        return spec.baseUrl();
    }

    /** A service's environment; with --simulate-providers the gateway's also turns the simulated provider on. */
    Map<String, String> environment(ServiceSpec spec) {
        return environment(spec, settings, postgres, ffmpeg, options.simulate());
    }

    static Map<String, String> environment(ServiceSpec spec, StackSettings settings, PostgresDatabases db,
                                           FfmpegTools ffmpeg, SimulatedProviders simulate) {
        Map<String, String> env = ServiceProcess.environment(spec, settings, db, ffmpeg);
        if (simulate != null && spec.module().equals("generation-gateway")) {
            env.putAll(simulate.gatewayEnvironment());
        }
        return env;
    }

    /** S3Proxy writes its log in its own working folder; a link puts it next to the others. */
    private void linkLog(ChildProcess process, String name) {
        Path link = workspace.log(name);
        try {
            Files.createDirectories(link.getParent());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, link.getParent().relativize(process.log().toAbsolutePath()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only a convenience: the summary names the real location too
        }
    }

    private void printSummary() {
        double seconds = (System.nanoTime() - origin) / 1e9;
        String row = "  %-26s %s%n";
        out.println();
        out.printf(Locale.ROOT, "Clipizy local stack is up%s in %.1f s.%n%n", options.infraOnly() ? " (infrastructure only)" : "", seconds);
        if (options.infraOnly()) {
            out.printf(row, "Services", "not started (--infra-only)");
        } else {
            out.printf(row, "API gateway", StackSettings.GATEWAY_URL + "  (/api/..., /ws/events; the route table is "
                    + "deploy/infra/src/main/resources/clipizy/routes.json)");
            for (ServiceSpec spec : Services.ALL) {
                out.printf(row, spec.module(), spec.baseUrl() + "/q/swagger-ui   " + spec.baseUrl() + "/q/health");
            }
        }
        boolean defaultPassword = !settings.env().containsKey("CLIPIZY_KEYCLOAK_ADMIN_PASSWORD");
        out.printf(row, "Keycloak admin console", settings.keycloakUrl() + "  (user " + settings.keycloakAdminUser() + ", password "
                + (defaultPassword ? settings.keycloakAdminPassword() : "from CLIPIZY_KEYCLOAK_ADMIN_PASSWORD") + ")");
        out.printf(row, "OIDC issuer", settings.issuer());
        out.printf(row, "S3 endpoint", settings.s3Endpoint() + "  (access key " + settings.s3AccessKey() + ", secret key "
                + settings.s3SecretKey() + ", path-style)");
        out.printf(row, "Kafka bootstrap", settings.kafkaBootstrap());
        out.printf(row, "PostgreSQL", postgres.user() + "@" + postgres.host() + ":" + postgres.port() + " (" + postgresVersion + "), "
                + Services.ALL.stream().map(ServiceSpec::database).collect(Collectors.joining(", ")));
        out.printf(row, "FFmpeg", ffmpeg.ffmpeg() + ", " + ffmpeg.ffprobe().getFileName());
        if (options.simulate() != null && !options.infraOnly()) {
            out.printf(row, "Providers", options.simulate().describe() + " -- LOAD TESTING ONLY");
        }
        out.printf(row, "Demo users", ClipizyRealm.DEMO_USERS.stream()
                .map(u -> u.username() + "/" + u.password() + " (" + String.join(", ", u.roles()) + ")")
                .collect(Collectors.joining(", ")));
        out.printf(row, "Token for demo", "curl -s -d grant_type=password -d client_id=" + ClipizyRealm.CLI_CLIENT
                + " -d username=demo -d password=demo " + settings.issuer() + "/protocol/openid-connect/token");
        out.printf(row, "Guided demo", options.noDemo() || options.infraOnly() ? "skipped (--no-demo)"
                : "starting now; the video lands in " + workspace.show(workspace.root().resolve("clipizy-output")) + "/");
        out.printf(row, "Logs", workspace.show(workspace.logs()) + "/");
        out.println();
        out.println("Press Ctrl-C to stop everything.");
        out.flush();
    }

    /** The guided demo on its own thread; the stack stays up after it, until Ctrl-C. */
    private void startDemo() {
        Thread demo = new Thread(() -> {
            out.println();
            out.println("Guided demo: a music video from a song, through the public API at " + StackSettings.GATEWAY_URL);
            try {
                Demo.Options demoOptions = new Demo.Options(options.song(), options.workflow(), Demo.Options.defaults().request());
                Path video = new Demo(StackSettings.GATEWAY_URL, settings.issuer(), workspace.root().resolve("clipizy-output"),
                        out, cancelled::get).run(demoOptions).video();
                out.println();
                out.println("Demo done: " + video + ". The stack stays up (web: " + StackSettings.GATEWAY_URL
                        + "); press Ctrl-C to stop everything.");
            } catch (java.util.concurrent.CancellationException e) {
                out.println("Demo stopped.");
            } catch (Exception e) {
                out.println();
                out.println("The demo failed: " + e.getMessage());
                out.println("The stack stays up; the services' logs are in " + workspace.show(workspace.logs()) + "/. Ctrl-C stops it.");
            }
            out.flush();
        }, "demo");
        demo.setDaemon(true);
        demo.start();
    }

    /** Until a stop signal, or until a child dies on its own, which stops the stack with its log's tail. */
    private int stayInForeground() {
        while (true) {
            try {
                if (stopSignal.await(1, TimeUnit.SECONDS)) {
                    out.println();
                    out.println("Stopping... (Ctrl-C again kills what has not stopped)");
                    return 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EXIT_INTERRUPTED;
            }
            Optional<ChildProcess> dead = running().stream().filter(p -> !p.alive()).findFirst();
            if (dead.isPresent()) {
                ChildProcess p = dead.get();
                out.println();
                out.println(p.name() + " exited on its own; last lines of " + workspace.show(p.log()) + ":");
                out.println(p.tail(30));
                out.println("Stopping the rest.");
                return EXIT_FAILED;
            }
        }
    }

    /** The processes started so far (services, Keycloak, S3Proxy, Kafka). */
    List<ChildProcess> children() {
        return running();
    }

    private List<ChildProcess> running() {
        List<ChildProcess> all = new ArrayList<>();
        services.forEach(s -> all.add(s.process()));
        if (keycloak != null) {
            all.add(keycloak.process());
        }
        if (s3 != null) {
            all.add(s3.process());
        }
        if (kafka != null) {
            all.add(kafka.process());
        }
        return all;
    }

    /**
     * Services first (they flush to Kafka and hold database sessions), all at once since none depends on another;
     * then Keycloak, S3Proxy and Kafka, each waited for.
     */
    void stopAll() {
        long start = System.nanoTime();
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (!services.isEmpty()) {
            List<Thread> stoppers = new ArrayList<>();
            for (ServiceProcess service : services) {
                Thread t = new Thread(service::close, "stop-" + service.spec().module());
                t.start();
                stoppers.add(t);
            }
            for (Thread t : stoppers) {
                joinQuietly(t);
            }
            report("services", start);
            services.clear();
        }
        stop("keycloak", keycloak);
        keycloak = null;
        stop("s3proxy", s3);
        s3 = null;
        stop("kafka", kafka);
        kafka = null;
        out.printf(Locale.ROOT, "Everything stopped (%.1f s).%n", (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    private void stop(String name, AutoCloseable component) {
        if (component == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            component.close();
        } catch (Exception e) {
            out.println("  " + name + ": " + e.getMessage());
        }
        report(name, start);
    }

    private void report(String what, long start) {
        out.printf(Locale.ROOT, "  stopped %s (%.1f s)%n", what, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
