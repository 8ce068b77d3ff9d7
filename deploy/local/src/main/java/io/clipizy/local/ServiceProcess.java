package io.clipizy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipizy.infra.ChildProcess;
import io.clipizy.infra.FfmpegTools;
import io.clipizy.infra.PostgresDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** A Clipizy service run from its Quarkus fast-jar as a child JVM, configured entirely through its environment. */
final class ServiceProcess implements AutoCloseable {
    /**
     * Six services and the infrastructure share two cores and a laptop's memory: a small heap, the serial collector
     * (no GC threads competing), and C1 only, which starts faster and is plenty for local traffic. The heap gives
     * memory back once it is 20 % free (the default 70 % keeps an idle service's heap large), and the JVM returns
     * freed native memory to the system every 10 s where the runtime can (17.0.9 and later): with glibc limited to two
     * malloc arenas ({@link #MALLOC_ARENA_MAX}) this took each service's idle RSS from 185–200 MB to 175–190 MB
     * (FootprintBench, README "Benchmarks").
     */
    static final List<String> JVM_FLAGS = flags(Runtime.version());
    /** glibc's malloc makes up to 8 arenas per core by default; the JVM's threads need few. */
    static final String MALLOC_ARENA_MAX = "2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());
    static final Duration ARCHIVE_WRITE_GRACE = Duration.ofSeconds(60);

    static List<String> flags(Runtime.Version runtime) {
        // Small heap and C1 only: a service starts fast and stays small (PERFORMANCE.md P8); no perf-data file
        // (hsperfdata: a mapped file per JVM that only jstat-like tools read; the metrics are on /q/metrics).
        List<String> flags = new ArrayList<>(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k", "-XX:MaxMetaspaceSize=192m", "-XX:MaxHeapFreeRatio=20",
                "-XX:MinHeapFreeRatio=10", "-XX:-UsePerfData", "-Djava.awt.headless=true"));
        // the children run on this same runtime (ChildProcess.javaBinary); older 17s refuse the option at start
        if (runtime.feature() > 17 || runtime.feature() == 17 && runtime.update() >= 9) {
            flags.add("-XX:TrimNativeHeapInterval=10000");
        }
        return List.copyOf(flags);
    }

    private final ServiceSpec spec;
    private final ChildProcess process;
    private final List<String> jvmFlags;
    private final Path jar;
    /** Null when the service runs without a class-data archive. */
    private final ClassDataArchive archive;
    private volatile ClassDataArchive.Outcome archiveOutcome;

    private ServiceProcess(ServiceSpec spec, ChildProcess process, List<String> jvmFlags, Path jar, ClassDataArchive archive) {
        this.spec = spec;
        this.process = process;
        this.jvmFlags = jvmFlags;
        this.jar = jar;
        this.archive = archive;
    }

    /** What a service reads at start: its port, database, broker, identity provider, tools and, for media, S3. */
    static Map<String, String> environment(ServiceSpec spec, StackSettings settings, PostgresDatabases db, FfmpegTools ffmpeg) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(spec.port()));
        env.put("CLIPIZY_DB_HOST", db.host());
        env.put("CLIPIZY_DB_PORT", String.valueOf(db.port()));
        env.put("CLIPIZY_DB_USER", db.user());
        if (!db.password().isEmpty()) {
            env.put("CLIPIZY_DB_PASSWORD", db.password());
        }
        env.put("CLIPIZY_DB_NAME", settings.database(spec));
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", settings.issuer());
        env.put("QUARKUS_OIDC_CLIENT_ID", spec.clientId());
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", settings.secret(spec));
        env.put("CLIPIZY_FFMPEG_PATH", ffmpeg.ffmpeg().toString());
        env.put("CLIPIZY_FFPROBE_PATH", ffmpeg.ffprobe().toString());
        if (spec.usesS3()) {
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", settings.s3Endpoint());
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", settings.s3AccessKey());
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", settings.s3SecretKey());
        }
        env.put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
        return env;
    }

    static List<String> command(Workspace workspace, ServiceSpec spec) {
        return command(workspace, spec, JVM_FLAGS);
    }

    /** The command with other JVM flags (the footprint benchmark tries candidates this way). */
    static List<String> command(Workspace workspace, ServiceSpec spec, List<String> jvmFlags) {
        return command(workspace, spec, jvmFlags, List.of());
    }

    /** The command with other JVM flags and the class-data archive's options, on the launcher's runtime. */
    static List<String> command(Workspace workspace, ServiceSpec spec, List<String> jvmFlags, List<String> archiveOptions) {
        return command(Path.of(ChildProcess.javaBinary()), workspace, spec, jvmFlags, archiveOptions);
    }

    /** The command on the runtime {@code java}. */
    static List<String> command(Path java, Workspace workspace, ServiceSpec spec, List<String> jvmFlags,
                                List<String> archiveOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(archiveOptions);
        // Quarkus' own temp files (uploads, multipart) stay with the stack's data
        cmd.add("-Djava.io.tmpdir=" + workspace.serviceWork(spec.module()).resolve("tmp"));
        cmd.addAll(List.of("-jar", workspace.serviceJar(spec.module()).toString()));
        return cmd;
    }

    /** Starts the service on the chosen runtime, with its flags ({@link #flags}) and cache. */
    static ServiceProcess start(Workspace workspace, ServiceSpec spec, Map<String, String> env, ServiceJdk.Choice runtime) {
        return start(workspace, spec, env, flags(runtime.jdk().version()), runtime);
    }

    /**
     * Starts the service on {@code runtime}'s JDK; with an AOT cache or AppCDS it maps its build's archive, or writes
     * one when it stops if there is none yet ({@link ClassDataArchive}).
     */
    static ServiceProcess start(Workspace workspace, ServiceSpec spec, Map<String, String> env, List<String> jvmFlags,
                                ServiceJdk.Choice runtime) {
        try {
            Files.createDirectories(workspace.serviceWork(spec.module()).resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the working folder of " + spec.module(), e);
        }
        Path jar = workspace.serviceJar(spec.module());
        ClassDataArchive.Format format = runtime.cache().format;
        ClassDataArchive archive = format == null ? null
                : ClassDataArchive.of(workspace.classDataArchives(), spec.module(), jar.getParent(), jvmFlags, runtime.jdk(), format);
        List<String> archiveOptions = archive == null ? List.of() : archive.jvmOptions();
        ChildProcess process = Children.start(spec.module(),
                command(runtime.jdk().javaBinary(), workspace, spec, jvmFlags, archiveOptions), env,
                workspace.serviceWork(spec.module()), workspace.log(spec.module()));
        return new ServiceProcess(spec, process, List.copyOf(jvmFlags), jar, archive);
    }

    /**
     * Waits for 200 on /q/health/ready. On timeout or exit, the message names the checks that were DOWN in the last
     * answer and ends with the log's last lines.
     */
    void awaitReady(Duration timeout, BooleanSupplier cancelled, Consumer<String> status) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Answer last = new Http.Answer(0, "no answer yet");
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("stop requested");
            }
            if (!process.alive()) {
                throw new IllegalStateException(spec.module() + " exited during start. Last lines of " + process.log() + ":\n"
                        + process.tail(40));
            }
            last = Http.get(spec.readinessUrl());
            if (last.ok()) {
                return;
            }
            if (last.status() != 0) {
                status.accept("health: " + failingChecks(last));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.module() + " not ready after " + timeout.toSeconds() + " s: GET "
                        + spec.readinessUrl() + " -> " + (last.status() == 0 ? last.body() : last.status() + " " + failingChecks(last))
                        + "\nLast lines of " + process.log() + ":\n" + process.tail(40));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }
    }

    /** The names (and data, when given) of the DOWN checks in a SmallRye Health answer; the raw body otherwise. */
    static String failingChecks(Http.Answer answer) {
        try {
            JsonNode root = JSON.readTree(answer.body());
            List<String> down = new ArrayList<>();
            for (JsonNode check : root.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    String data = check.has("data") ? " " + check.get("data") : "";
                    down.add(check.path("name").asText() + " DOWN" + data);
                }
            }
            if (!down.isEmpty()) {
                return String.join("; ", down);
            }
        } catch (IOException notJson) {
            // not a health answer (a proxy, an error page): show what came
        }
        String body = answer.body().strip();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    ServiceSpec spec() {
        return spec;
    }

    ChildProcess process() {
        return process;
    }

    /** Whether this start mapped a class-data archive (false: none, or this run writes it at exit). */
    boolean usesClassDataArchive() {
        return archive != null && archive.reused();
    }

    /** What became of the class-data archive once stopped; null while running or without one. */
    ClassDataArchive.Outcome archiveOutcome() {
        return archiveOutcome;
    }

    /** Stops the service; a class-data archive written at its exit is checked and kept for the next start. */
    @Override
    public void close() {
        // A JVM writing its archive at exit needs a few seconds more than a plain stop (a service alone: about 3 s for
        // AppCDS, more for an AOT cache, assembled by a second JVM); the whole stack's six writing at once on two cores
        // took longer than ChildProcess' usual grace (three of six were killed before writing). Only that first stop
        // after a build gets the longer grace.
        process.close(archive != null && !archive.reused() ? ARCHIVE_WRITE_GRACE : ChildProcess.STOP_GRACE);
        if (archive != null && archiveOutcome == null) {
            try {
                archiveOutcome = archive.finish(jvmFlags, jar);
                if (archiveOutcome != ClassDataArchive.Outcome.USED) {
                    LOG.info(spec.module() + ": class-data archive " + archiveOutcome + " (" + archive.archive() + ")");
                }
            } catch (UncheckedIOException e) {
                LOG.warning(spec.module() + ": class-data archive not kept: " + e.getMessage());
            }
        }
    }
}
