package io.clipizy.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build resolved for the launcher: the versions of the servers it runs, the Kafka broker's class path, and,
 * when built with {@code -Pstack}, where the Keycloak distribution lies in the local Maven repository.
 */
public final class LocalArtifacts {
    private LocalArtifacts() {
    }

    public static String kafkaVersion() {
        return properties("/clipizy-local.properties").getProperty("kafka.version");
    }

    public static String keycloakVersion() {
        return properties("/clipizy-local.properties").getProperty("keycloak.version");
    }

    /** The Keycloak zip, or empty when this build did not run with the {@code stack} profile. */
    public static Optional<Path> keycloakZip() {
        if (LocalArtifacts.class.getResource("/clipizy-keycloak.properties") == null) {
            return Optional.empty();
        }
        String zip = properties("/clipizy-keycloak.properties").getProperty("keycloak.zip", "");
        return zip.isBlank() || zip.startsWith("${") ? Optional.empty() : Optional.of(Path.of(zip));
    }

    /** The broker's jars: its own provided closure, then those it shares with the launcher. */
    public static List<String> kafkaBrokerClassPath() {
        List<String> entries = new ArrayList<>();
        for (String resource : List.of("/kafka-broker.classpath", "/kafka-broker-shared.classpath")) {
            String text = text(resource).trim();
            if (!text.isEmpty()) {
                entries.addAll(List.of(text.split(File.pathSeparator)));
            }
        }
        return entries;
    }

    private static Properties properties(String resource) {
        try (InputStream in = open(resource)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = LocalArtifacts.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " missing from the launcher's class path; rebuild deploy/local");
        }
        return in;
    }
}
