package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    private final Path logDir = Path.of("/data/clipizy/kafka/data");

    private Properties rendered() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBroker.render(KafkaBroker.serverProperties(logDir, 9092, 9093))));
        return p;
    }

    @Test
    void combinedBrokerAndControllerOnLoopback() throws Exception {
        Properties p = rendered();
        assertEquals("broker,controller", p.getProperty("process.roles"));
        assertEquals("1", p.getProperty("node.id"));
        assertEquals("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", p.getProperty("listeners"));
        assertEquals("CONTROLLER", p.getProperty("controller.listener.names"));
        assertEquals("127.0.0.1:9093", p.getProperty("controller.quorum.bootstrap.servers"));
        assertEquals("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT", p.getProperty("listener.security.protocol.map"));
        assertTrue(p.getProperty("advertised.listeners").startsWith("PLAINTEXT://127.0.0.1:9092"));
    }

    @Test
    void singleReplicaInternalTopicsAndNoRebalanceDelay() throws Exception {
        Properties p = rendered();
        assertEquals("1", p.getProperty("offsets.topic.replication.factor"));
        assertEquals("1", p.getProperty("transaction.state.log.replication.factor"));
        assertEquals("1", p.getProperty("transaction.state.log.min.isr"));
        assertEquals("1", p.getProperty("share.coordinator.state.topic.replication.factor"));
        assertEquals("0", p.getProperty("group.initial.rebalance.delay.ms"));
        assertEquals(logDir.toString(), p.getProperty("log.dirs"));
    }

    @Test
    void otherPortsAreHonoured() {
        Map<String, String> p = KafkaBroker.serverProperties(logDir, 19092, 19093);
        assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", p.get("listeners"));
        assertEquals("127.0.0.1:19093", p.get("controller.quorum.bootstrap.servers"));
    }

    @Test
    void backslashesSurviveTheRendering() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBroker.render(Map.of("log.dirs", "C:\\kafka\\data"))));
        assertEquals("C:\\kafka\\data", p.getProperty("log.dirs"));
    }

    @Test
    void brokerClassPathHoldsTheBrokerTheClientsAndOneLoggingProvider() throws Exception {
        List<String> classPath = LocalArtifacts.kafkaBrokerClassPath();
        assertTrue(classPath.stream().anyMatch(e -> e.endsWith("kafka_2.13-" + LocalArtifacts.kafkaVersion() + ".jar")), classPath.toString());
        assertTrue(classPath.stream().anyMatch(e -> e.contains("kafka-clients-")), "shared with the launcher, still needed");
        assertTrue(classPath.stream().anyMatch(e -> e.contains("lz4-java-")), "LZ4 batches must be readable");
        assertEquals(1, classPath.stream().filter(e -> e.contains("/slf4j-jdk14-")).count());
        assertTrue(classPath.stream().noneMatch(e -> e.contains("keycloak") || e.contains("postgresql") || e.contains("/infra-")));
        for (String entry : classPath) {
            assertTrue(Files.isRegularFile(Path.of(entry)), entry);
        }
        // the main classes the launcher names exist in the jar the build resolved
        String brokerJar = classPath.stream().filter(e -> e.contains("kafka_2.13-")).findFirst().orElseThrow();
        try (ZipFile jar = new ZipFile(brokerJar)) {
            assertTrue(jar.getEntry(KafkaBroker.STORAGE_TOOL.replace('.', '/') + ".class") != null);
            assertTrue(jar.getEntry(KafkaBroker.BROKER_MAIN.replace('.', '/') + ".class") != null);
        }
    }

    @Test
    void brokerLogsOneLinePerRecordToItsLogFile() {
        String logging = KafkaBroker.loggingProperties();
        assertTrue(logging.contains("handlers=java.util.logging.ConsoleHandler"));
        assertTrue(logging.contains("SimpleFormatter.format="));
    }
}
