package io.clipizy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's dynamic class-data-sharing archive (AppCDS, JEP 350), made by the launcher from a real run: the first
 * start of a build runs with {@code -XX:ArchiveClassesAtExit}, so that when the service stops the JVM writes every
 * class it loaded and linked (Quarkus, Vert.x, Kafka, Flyway, the application) to a file of 70–80 MB; every later
 * start of the same build maps that file with {@code -XX:SharedArchiveFile} instead of reading, parsing and verifying
 * those classes again. On two cores this took each service alone from 4.1–6.4 s to 3.2–3.7 s to ready, with idle RSS
 * unchanged (metaspace 86–100 MB → 26–29 MB, the mapped archive in its place) (FootprintBench, bench/results).
 *
 * <p>Why the launcher and not {@code quarkus.package.jar.appcds.enabled}: in Quarkus 3.34 on JDK 17 the build makes
 * the archive by starting the application for real ({@code -Dquarkus.appcds.generate=true} runs runtime init, then
 * exits), so packaging would need PostgreSQL, Kafka and Keycloak up, and every {@code package} would pay a start.
 *
 * <p>Safety: the JVM itself refuses an archive whose class path jars changed (size and modification time of
 * {@code quarkus-run.jar} and {@code lib/boot}) and uses an archived class of Quarkus' own class loader only when the
 * class file's bytes match (length and CRC), so a stale archive can only make a start slower, never wrong. The file
 * name carries a digest of the whole {@code quarkus-app} folder (every file's path, size and time), the runtime and
 * the JVM flags, so a rebuilt service, another JDK or other flags make a new archive on their next run. A freshly
 * written archive is used only after a JVM has mapped it with {@code -Xshare:on} (a JVM stopped by force while
 * writing leaves a truncated file, which a JVM must never be given: it aborts on one); otherwise it is deleted and the
 * next run writes it again.
 *
 * <p>On a JDK 25 or later ({@link ServiceJdk}) the same life cycle makes an AOT cache instead (JEP 483, with JEP 514's
 * one-step {@code -XX:AOTCacheOutput}): the first run is the training run, and at its exit the JVM records what it
 * loaded and linked and starts a second JVM that assembles the cache ({@code .aot}); later runs map it with {@code
 * -XX:AOTCache}. Besides the parsed classes (those of Quarkus' RunnerClassLoader included: the JDK 25 cache keeps
 * classes of other loaders too, checked against the class file's bytes as above) it holds them already linked, the
 * JDK's classes initialised and its lambdas resolved, which the dynamic archive cannot. The service stays a fast-jar
 * (the Jib images and the e2e tests see the same layout); Quarkus' {@code aot-jar} packaging, which puts every class
 * on the class path so that the JDK can also link the application's classes ahead of time, would be a second build
 * of each service for the launcher only. A fresh cache is checked with {@code -XX:AOTMode=on} (which, like {@code
 * -Xshare:on}, fails instead of going on without it) before it is used.
 */
final class ClassDataArchive {
    /** What became of the archive when the service stopped. */
    enum Outcome { USED, WRITTEN, NOT_WRITTEN, REJECTED }

    /** The two kinds the launcher makes: their file suffix and the JVM options that write, use and check them. */
    enum Format {
        APP_CDS(".jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of("-Xlog:cds=off"), "-Xshare:on"),
        // the training run logs skipped classes under aot and cds; the assembling JVM under aot
        AOT_CACHE(".aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of("-Xlog:aot=off", "-Xlog:cds=off"), "-XX:AOTMode=on");

        final String suffix;
        final String write;
        final String use;
        final List<String> quietWhileWriting;
        final String mustMap;

        Format(String suffix, String write, String use, List<String> quietWhileWriting, String mustMap) {
            this.suffix = suffix;
            this.write = write;
            this.use = use;
            this.quietWhileWriting = quietWhileWriting;
            this.mustMap = mustMap;
        }
    }

    private final Path dir;
    private final String module;
    private final Format format;
    private final Path java;
    private final Path archive;
    private final Path pending;
    private final boolean reuse;

    private ClassDataArchive(Path dir, String module, String key, Format format, Path java) {
        this.dir = dir;
        this.module = module;
        this.format = format;
        this.java = java;
        this.archive = dir.resolve(module + "-" + key + format.suffix);
        this.pending = dir.resolve(module + "-" + key + format.suffix + ".part");
        this.reuse = Files.isRegularFile(archive);
    }

    /** The AppCDS archive for this build of the service's fast-jar folder, these JVM flags and this launcher's runtime. */
    static ClassDataArchive of(Path dir, String module, Path appDir, List<String> jvmFlags) {
        return of(dir, module, appDir, jvmFlags, ServiceJdk.launcher(), Format.APP_CDS);
    }

    /** The archive of this format for this build, these JVM flags and the runtime {@code jdk} that runs the service. */
    static ClassDataArchive of(Path dir, String module, Path appDir, List<String> jvmFlags, ServiceJdk jdk, Format format) {
        return new ClassDataArchive(dir, module, key(appDir, jvmFlags, jdk.identity() + "|" + format), format, jdk.javaBinary());
    }

    /**
     * A digest of what an archive depends on: every file of the fast-jar folder (relative path, size, modification
     * time), the JVM flags (the heap size decides compressed oops, which must match) and the runtime.
     */
    static String key(Path appDir, List<String> jvmFlags, String runtime) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(runtime.getBytes(StandardCharsets.UTF_8));
            for (String flag : jvmFlags) {
                sha.update(("\n" + flag).getBytes(StandardCharsets.UTF_8));
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(appDir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String entry = "\n" + appDir.relativize(file) + "|" + Files.size(file) + "|"
                        + Files.getLastModifiedTime(file).toMillis();
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + appDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file the training run records to before the cache is assembled (JEP 514: the output's name + .config). */
    Path trainingConfiguration() {
        return dir.resolve(pending.getFileName() + ".config");
    }

    Format format() {
        return format;
    }

    /** True when a verified archive exists for this build: the service will map it. */
    boolean reused() {
        return reuse;
    }

    Path archive() {
        return archive;
    }

    Path pending() {
        return pending;
    }

    /**
     * The JVM options for this start: map the archive, or write one at exit. Writing logs a warning for every class
     * it skips (loaded but never linked: about 1,600) on standard output, which is the service's log: that tag is
     * silenced for the writing run only, so a mismatch reported when an archive is used still shows.
     */
    List<String> jvmOptions() {
        if (reuse) {
            return List.of(format.use + archive);
        }
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(pending);
            Files.deleteIfExists(trainingConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        List<String> options = new ArrayList<>();
        options.add(format.write + pending);
        options.addAll(format.quietWhileWriting);
        return List.copyOf(options);
    }

    /**
     * After the service's JVM has exited: a written archive is checked by mapping it in a JVM with the same flags and
     * {@code -Xshare:on} (which fails instead of going on without it), then put in place, and this module's archives
     * of other builds are deleted; a file that does not map is deleted.
     */
    Outcome finish(List<String> jvmFlags, Path jar) {
        if (reuse) {
            return Outcome.USED;
        }
        try {
            // the training run's record, which the JVM deletes once the cache is assembled: left over when it was killed
            Files.deleteIfExists(trainingConfiguration());
            if (!Files.isRegularFile(pending) || Files.size(pending) == 0) {
                Files.deleteIfExists(pending);
                return Outcome.NOT_WRITTEN;
            }
            if (!maps(jvmFlags, jar)) {
                Files.deleteIfExists(pending);
                return Outcome.REJECTED;
            }
            Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteOtherBuilds();
            return Outcome.WRITTEN;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the class-data archive of " + module, e);
        }
    }

    private boolean maps(List<String> jvmFlags, Path jar) throws IOException {
        Path errorFile = dir.resolve(module + "-check-hs_err.log");
        List<String> args = new ArrayList<>(jvmFlags);
        args.addAll(List.of(format.mustMap, format.use + pending, "-XX:ErrorFile=" + errorFile,
                "-cp", jar.toString(), "-version"));
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(args);
        Process check = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            return false;
        } finally {
            Files.deleteIfExists(errorFile);
        }
    }

    private void deleteOtherBuilds() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                // another build's archive; a .part may belong to a service of that build still running
                if (!file.equals(archive) && name.startsWith(module + "-")
                        && name.substring(module.length() + 1).matches("[0-9a-f]{16}\\.(jsa|aot)")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
