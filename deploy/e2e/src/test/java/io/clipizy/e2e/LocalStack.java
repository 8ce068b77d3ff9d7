package io.clipizy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole local stack, started exactly as {@code deploy/run.sh --no-build --no-demo} starts it: the launcher JVM,
 * which starts Kafka, S3Proxy, Keycloak and every service as its own process, on a fresh set of databases of its own
 * ({@code clipizy_*_e2e}). Stopped with SIGTERM, as Ctrl-C would.
 */
final class LocalStack implements AutoCloseable {
    static final String API = "http://localhost:8080";
    static final String ISSUER = "http://localhost:8180/realms/clipizy";

    private final Process process;
    private final Path log;

    private LocalStack(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the repository");
        }
        return dir;
    }

    static LocalStack start(Duration timeout) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path classpath = root.resolve("deploy/local/target/launcher.classpath");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(classpath + " is missing: the launcher is built in the package phase");
        }
        Path log = root.resolve("deploy/e2e/target/e2e-stack.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                root.resolve("deploy/local/target/classes") + ":" + Files.readString(classpath).strip(),
                "io.clipizy.local.Stack", "--no-demo"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CI", "true");
        // its own databases, recreated: nothing an earlier run (a benchmark, the demo) left unfinished can load the
        // stack under test, and the developer's local data is neither seen nor wiped
        builder.environment().put("CLIPIZY_DATABASE_SET", "e2e");
        builder.environment().put("CLIPIZY_FRESH_DATABASES", "true");
        LocalStack stack = new LocalStack(builder.start(), log);
        stack.awaitUp(timeout);
        return stack;
    }

    private void awaitUp(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains("Clipizy local stack is up")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the launcher exited (" + process.exitValue() + ") before the stack was up:\n" + tail(60));
            }
            Thread.sleep(1000);
        }
        close();
        throw new IllegalStateException("the stack was not up within " + timeout.toSeconds() + " s:\n" + tail(60));
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The log of one service, as the launcher writes it. */
    static String serviceLog(String service, int lines) {
        Path file = repositoryRoot().resolve(".clipizy/logs/" + service + ".log");
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
