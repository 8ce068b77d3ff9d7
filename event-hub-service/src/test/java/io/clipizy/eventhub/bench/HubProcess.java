package io.clipizy.eventhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hub under test, run as its own operating-system process (so each hub gets its own runtime, heap and threads, and
 * its CPU time can be read from {@code /proc}): the packaged Quarkus event hub, or the Node.js peer.
 */
final class HubProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Process process;
    private final String readyPath;
    private final Path log;

    private HubProcess(String name, int port, Process process, String readyPath, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.readyPath = readyPath;
        this.log = log;
    }

    /**
     * The packaged Quarkus hub ({@code quarkus-run.jar}) in its own JVM, configured by system properties; {@code jvmOptions}
     * (GC, JIT, recording flags) go after the heap size, so they can override it.
     */
    static HubProcess quarkus(Path jar, String heap, List<String> jvmOptions, int port, Map<String, String> properties,
                              Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms" + heap, "-Xmx" + heap));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        return new HubProcess("quarkus", port, builder.start(), "/q/health/ready", log);
    }

    /** The Node.js peer ({@code node hub.js}), configured by its environment. */
    static HubProcess node(String name, Path dir, int port, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "hub.js").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        return new HubProcess(name, port, builder.start(), "/health", log);
    }

    /** Waits until the hub answers its readiness check with 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " hub exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " hub not ready within " + timeout + "; see " + log);
    }

    /** CPU seconds (user + system) the hub process has used so far; NaN where /proc is not available. */
    double cpuSeconds() {
        return CpuMeter.processSeconds(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    /** The resident memory of the hub process in MiB; NaN where /proc is not available. */
    double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
