package io.clipizy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Java runtime the services run on, and how their class data is cached across starts ({@link ClassDataArchive}).
 *
 * <p>By default ({@code CLIPIZY_CDS} unset, {@code on} or {@code aot}) the services run on a JDK 25 or later with an
 * AOT cache (JEP 483/514) made by their first run: the one {@code CLIPIZY_SERVICE_JAVA_HOME} names, the launcher's own
 * runtime when it is one, else the newest under {@code /usr/lib/jvm} (read from each folder's {@code release} file);
 * without one, on the launcher's runtime (or the named one) with a dynamic AppCDS archive (JEP 350).
 * {@code CLIPIZY_CDS=appcds} forces AppCDS on the launcher's runtime — the runtime the images ship — and
 * {@code CLIPIZY_CDS=off} neither. The services are Java 17 bytecode (Quarkus 3.34), so any runtime from 17 runs them.
 *
 * <p>Why the AOT cache is the default where a JDK 25 is found: measured on this 2-vCPU machine, same session, quiet
 * (FootprintBench, all six services alone,
 * {@code deploy/local/bench/results/p8-20261121T2303Z-jdk17-appcds-and-jdk25-aot.txt}), a start to ready took 2.1–2.8 s
 * with the AOT cache mapped against 2.7–3.1 s for JDK 17 with its AppCDS archive mapped: JDK 25's cache also keeps the
 * classes of Quarkus' own class loader (the libraries and the application), which AppCDS on 17 leaves out. Its cost:
 * the first start after a build is a training run (3.2–4.1 s) and the cache is assembled by a second JVM at that run's
 * stop (as the AppCDS archive is written at its first stop). The images and Kubernetes run JDK 17 with AppCDS
 * ({@code deploy/images}).
 *
 * @param home     the runtime's folder (its {@code bin/java} starts the services)
 * @param version  its version, from {@code release} ({@code JAVA_RUNTIME_VERSION}) or the running JVM
 * @param identity what a class-data archive is keyed by: folder, full version and implementor
 */
record ServiceJdk(Path home, Runtime.Version version, String identity) {
    /** The first feature release whose AOT cache ({@code -XX:AOTCacheOutput}, JEP 514) we use. */
    static final int AOT_CACHE_FEATURE = 25;
    static final Path DEFAULT_JVM_ROOT = Path.of("/usr/lib/jvm");

    /** How a service's class data is kept between starts: the archive format, none for {@code NONE}. */
    enum Cache {
        AOT_CACHE(ClassDataArchive.Format.AOT_CACHE), APP_CDS(ClassDataArchive.Format.APP_CDS), NONE(null);

        final ClassDataArchive.Format format;

        Cache(ClassDataArchive.Format format) {
            this.format = format;
        }
    }

    /** The runtime and the kind of cache the services start with. */
    record Choice(ServiceJdk jdk, Cache cache) {
        /** For the logs and the benchmark's header. */
        String describe() {
            String what = switch (cache) {
                case AOT_CACHE -> "AOT cache (JEP 483/514)";
                case APP_CDS -> "dynamic AppCDS archive (JEP 350)";
                case NONE -> "no class-data archive";
            };
            return "Java " + jdk.version() + " (" + jdk.home() + "), " + what;
        }
    }

    /** The runtime this launcher runs on. */
    static ServiceJdk launcher() {
        return new ServiceJdk(Path.of(System.getProperty("java.home")), Runtime.version(),
                System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                        + System.getProperty("java.vm.vendor"));
    }

    Path javaBinary() {
        return home.resolve("bin").resolve("java");
    }

    /** The JDK or JRE in {@code home}, described by its {@code release} file; empty when it is not a usable one. */
    static Optional<ServiceJdk> at(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Map<String, String> values = release(Files.readString(release));
            String v = values.getOrDefault("JAVA_RUNTIME_VERSION", values.get("JAVA_VERSION"));
            if (v == null) {
                return Optional.empty();
            }
            Runtime.Version version = Runtime.Version.parse(v);
            return Optional.of(new ServiceJdk(home.toAbsolutePath().normalize(), version,
                    home.toAbsolutePath().normalize() + "|" + v + "|" + values.getOrDefault("IMPLEMENTOR", "?")));
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code KEY="value"} lines of a JDK's {@code release} file. */
    static Map<String, String> release(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).trim(), value);
            }
        }
        return values;
    }

    /** The newest runtime of at least {@link #AOT_CACHE_FEATURE} among the folders of {@code root}. */
    static Optional<ServiceJdk> newestWithAotCache(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<ServiceJdk> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                // a Debian alternatives link (java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64) is read once, as its target
                if (Files.isDirectory(dir) && !Files.isSymbolicLink(dir)) {
                    at(dir).filter(j -> j.version().feature() >= AOT_CACHE_FEATURE).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return found.stream().max(Comparator.comparing(ServiceJdk::version));
    }

    /**
     * The services' runtime and cache for these settings ({@code CLIPIZY_CDS}, {@code CLIPIZY_SERVICE_JAVA_HOME}); an
     * explicit {@code CLIPIZY_SERVICE_JAVA_HOME} that holds no runtime is an error rather than a silent fallback.
     */
    static Choice choose(Map<String, String> env, ServiceJdk launcher, Path jvmRoot) {
        String mode = env.getOrDefault("CLIPIZY_CDS", "on").trim().toLowerCase(java.util.Locale.ROOT);
        switch (mode) {
            case "off" -> {
                return new Choice(launcher, Cache.NONE);
            }
            case "appcds" -> {
                return new Choice(launcher, Cache.APP_CDS);
            }
            case "on", "", "aot" -> {
                // below
            }
            default -> throw new IllegalStateException("CLIPIZY_CDS must be on, aot, appcds or off, not '" + mode + "'");
        }
        String explicit = env.get("CLIPIZY_SERVICE_JAVA_HOME");
        if (explicit != null && !explicit.isBlank()) {
            ServiceJdk jdk = at(Path.of(explicit.trim())).orElseThrow(() -> new IllegalStateException(
                    "CLIPIZY_SERVICE_JAVA_HOME=" + explicit + " holds no Java runtime (bin/java and release)"));
            return new Choice(jdk, jdk.version().feature() >= AOT_CACHE_FEATURE ? Cache.AOT_CACHE : Cache.APP_CDS);
        }
        if (launcher.version().feature() >= AOT_CACHE_FEATURE) {
            return new Choice(launcher, Cache.AOT_CACHE);
        }
        return newestWithAotCache(jvmRoot).map(jdk -> new Choice(jdk, Cache.AOT_CACHE))
                .orElseGet(() -> new Choice(launcher, Cache.APP_CDS));
    }

    static Choice choose(Map<String, String> env) {
        return choose(env, launcher(), DEFAULT_JVM_ROOT);
    }
}
