package io.clipizy.local;

import io.clipizy.infra.ChildProcess;
import io.clipizy.infra.KafkaTopics;
import io.clipizy.infra.Ports;
import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka in KRaft mode (one process is broker and controller) as its own JVM, from the broker jars
 * the build resolved. The log directory is formatted once ({@code --standalone}: a one-voter dynamic quorum) and kept
 * under {@code .clipizy/kafka}, so topics and offsets survive restarts.
 */
public final class KafkaBroker implements AutoCloseable {
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    static final String BROKER_MAIN = "kafka.Kafka";
    static final int TOPIC_PARTITIONS = 3;
    private static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final ChildProcess process;
    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The broker's configuration, in the order Kafka's own sample server.properties uses. */
    static Map<String, String> serverProperties(Path logDir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        // loopback only: this is a developer's machine, nothing else should reach the broker
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", String.valueOf(TOPIC_PARTITIONS));
        // one node: every internal topic has one replica, or the coordinators never become available
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // the default 50 offset partitions are all led by this one broker anyway; fewer makes the first group join fast
        p.put("offsets.topic.num.partitions", "1");
        // consumers join at once instead of waiting 3 s for peers that, locally, do not come
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    static String render(Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by the Clipizy local stack at each start; edits are overwritten.\n");
        properties.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }

    /** java.util.logging (the broker's SLF4J provider here) on one line per record, to stderr, which is the log file. */
    static String loggingProperties() {
        return """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
                java.util.logging.SimpleFormatter.format=%1$tF %1$tT,%1$tL %4$s [%3$s] %5$s%6$s%n
                """;
    }

    /**
     * Formats the storage on first use, starts the broker, waits until it answers, and creates the suite's topics.
     * {@code status} receives progress lines; once {@code cancelled} holds, the wait ends and the broker is stopped.
     */
    public static KafkaBroker start(Path dir, Path log, int port, int controllerPort, Consumer<String> status,
            BooleanSupplier cancelled) {
        Path dataDir = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Path logging = dir.resolve("logging.properties");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, render(serverProperties(dataDir, port, controllerPort)));
            Files.writeString(logging, loggingProperties());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka configuration under " + dir, e);
        }
        String classPath = String.join(File.pathSeparator, LocalArtifacts.kafkaBrokerClassPath());
        List<String> jvm = new ArrayList<>(JVM_FLAGS);
        jvm.add("-Djava.util.logging.config.file=" + logging);
        jvm.add("-cp");
        jvm.add(classPath);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            status.accept("formatting the log directory (first start)");
            format(dir, jvm, config);
        }
        status.accept("starting");
        ChildProcess process = Children.start("kafka", ChildProcess.javaCommand(jvm, BROKER_MAIN, config.toString()),
                Map.of(), dir, log);
        KafkaBroker broker = new KafkaBroker(process, port);
        try {
            Ports.await("Kafka on port " + port, Duration.ofSeconds(90), () -> {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("stop requested");
                }
                if (!process.alive()) {
                    throw new IllegalStateException("Kafka exited during start; last lines of " + log + ":\n" + process.tail(30));
                }
                return Ports.listening(port);
            });
            status.accept("creating topics");
            KafkaTopics.create(broker.bootstrap(), TOPIC_PARTITIONS);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static void format(Path dir, List<String> jvm, Path config) {
        Path formatLog = dir.resolve("format.log");
        List<String> cmd = ChildProcess.javaCommand(jvm, STORAGE_TOOL, "format", "--standalone", "--ignore-formatted",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString());
        Process format = null;
        try {
            format = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(formatLog.toFile()).start();
            if (!format.waitFor(120, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka log directory did not finish in 120 s; see " + formatLog);
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed (exit " + format.exitValue() + "):\n"
                        + Files.readString(formatLog));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Kafka storage tool", e);
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka's log directory", e);
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
