package io.clipizy.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An S3-compatible server (S3Proxy) as a child JVM: its jar bundles Jetty 12, Jackson 3 and logback, which would clash
 * with Quarkus on one class path. Filesystem-backed for the local stack, in memory for tests.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String DEFAULT_ACCESS_KEY = "clipizy";
    public static final String DEFAULT_SECRET_KEY = "clipizy-secret";

    private final ChildProcess process;
    private final int port;
    private final Path workDir;
    private final boolean deleteWorkDir;

    private S3ProxyServer(ChildProcess process, int port, Path workDir, boolean deleteWorkDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
    }

    /** Starts S3Proxy; {@code dataDir} null keeps objects in memory. Blocks until it accepts connections. */
    public static S3ProxyServer start(int port, Path dataDir, Path workDir, String accessKey, String secretKey) {
        boolean temporary = workDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("clipizy-s3proxy") : workDir;
            Files.createDirectories(dir);
            StringBuilder props = new StringBuilder()
                    .append("s3proxy.endpoint=http://127.0.0.1:").append(port).append('\n')
                    .append("s3proxy.authorization=aws-v2-or-v4\n")
                    .append("s3proxy.identity=").append(accessKey).append('\n')
                    .append("s3proxy.credential=").append(secretKey).append('\n')
                    .append("jclouds.identity=").append(accessKey).append('\n')
                    .append("jclouds.credential=").append(secretKey).append('\n');
            if (dataDir == null) {
                props.append("jclouds.provider=transient-nio2\n");
            } else {
                Files.createDirectories(dataDir);
                props.append("jclouds.provider=filesystem-nio2\n")
                        .append("jclouds.filesystem.basedir=").append(dataDir.toAbsolutePath()).append('\n');
            }
            Path propsFile = dir.resolve("s3proxy.properties");
            Files.writeString(propsFile, props);
            List<String> cmd = ChildProcess.javaCommand(
                    List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir),
                    "-jar", InfraArtifacts.s3proxyJar().toString(), "--properties", propsFile.toString());
            ChildProcess process = ChildProcess.start("s3proxy", cmd, Map.of(), dir, dir.resolve("s3proxy.log"));
            S3ProxyServer server = new S3ProxyServer(process, port, dir, temporary);
            try {
                Ports.await("S3Proxy on port " + port, Duration.ofSeconds(60), () -> {
                    if (!process.alive()) {
                        throw new IllegalStateException("S3Proxy exited:\n" + process.tail(30));
                    }
                    return Ports.listening(port);
                });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
        if (deleteWorkDir) {
            deleteTree(workDir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
