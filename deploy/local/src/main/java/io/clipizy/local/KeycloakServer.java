package io.clipizy.local;

import io.clipizy.infra.ChildProcess;
import io.clipizy.infra.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from its Maven Central distribution, unpacked once into {@code .clipizy/keycloak-VERSION} and run with
 * {@code bin/kc.sh start-dev} on the launcher's JDK, importing the generated {@link ClipizyRealm}.
 * <p>
 * Keycloak refuses an explicit {@code kc.sh build} for the dev profile; {@code start-dev} augments on its first run
 * (~20 s on 2 cores) and persists the result in {@code lib/quarkus} of the unpacked folder, so keeping that folder is
 * what makes later starts skip it. Its data (an H2 file under {@code data/h2}) is kept too, so users and sessions
 * survive restarts.
 */
public final class KeycloakServer implements AutoCloseable {
    static final String REALM_FILE = StackSettings.REALM + "-realm.json";
    private static final String UNPACKED_MARKER = ".clipizy-unpacked";
    private static final String AUGMENTED_MARKER = ".clipizy-augmented";
    private static final String REALM_HASH = "clipizy-realm.sha256";

    private final ChildProcess process;

    private KeycloakServer(ChildProcess process) {
        this.process = process;
    }

    /** Whether the unpacked distribution is already there, so the zip is not needed. */
    public static boolean installed(Path home) {
        return Files.exists(home.resolve(UNPACKED_MARKER));
    }

    /** Unpacks if needed, writes the realm, starts, and waits for the realm; stops again once {@code cancelled} holds. */
    public static KeycloakServer start(Path home, Optional<Path> zip, StackSettings settings, Path log, Consumer<String> status,
            BooleanSupplier cancelled) {
        install(home, zip, status);
        String realm = ClipizyRealm.json(settings);
        String hash = prepareRealm(home, realm, settings, status);
        boolean firstStart = !Files.exists(home.resolve(AUGMENTED_MARKER));
        status.accept(firstStart ? "starting (first start: one-time build augmentation)" : "starting");
        List<String> command = List.of(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-port=" + StackSettings.KEYCLOAK_PORT, "--import-realm");
        Map<String, String> env = Map.of(
                // the launcher's JDK: kc.sh otherwise takes whatever java is first on the PATH
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                // only used while the master realm has no admin yet (first start, or after a reset)
                "KC_BOOTSTRAP_ADMIN_USERNAME", settings.keycloakAdminUser(),
                "KC_BOOTSTRAP_ADMIN_PASSWORD", settings.keycloakAdminPassword());
        ChildProcess process = Children.start("keycloak", command, env, home, log);
        KeycloakServer server = new KeycloakServer(process);
        String wellKnown = settings.issuer() + "/.well-known/openid-configuration";
        try {
            // the realm's discovery document answers only once the server is up and the realm imported
            Ports.await("Keycloak realm " + StackSettings.REALM + " at " + wellKnown, Duration.ofSeconds(firstStart ? 300 : 180), () -> {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("stop requested");
                }
                if (!process.alive()) {
                    throw new IllegalStateException("Keycloak exited during start; last lines of " + log + ":\n" + process.tail(30));
                }
                return Http.get(wellKnown).ok();
            });
            Files.writeString(home.resolve(AUGMENTED_MARKER), "augmented by start-dev\n");
            Files.writeString(home.resolve("data").resolve(REALM_HASH), hash);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Unpacks the distribution into {@code home} unless a complete copy is there; staged, then moved in one step. */
    static void install(Path home, Optional<Path> zip, Consumer<String> status) {
        if (installed(home)) {
            return;
        }
        Path archive = zip.filter(Files::isRegularFile).orElseThrow(() -> new IllegalStateException(
                "Keycloak is not unpacked in " + home + " and this build did not resolve its distribution. "
                        + "Run deploy/run.sh, or build with: ./mvnw -Pstack -DskipTests install"));
        status.accept("unpacking " + archive.getFileName() + " (first start)");
        try {
            Files.createDirectories(home.getParent());
            Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking-");
            unzipStrippingTopFolder(archive, staging);
            try (Stream<Path> scripts = Files.list(staging.resolve("bin"))) {
                for (Path script : scripts.filter(p -> p.getFileName().toString().endsWith(".sh")).toList()) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(staging.resolve(UNPACKED_MARKER), archive.getFileName() + "\n");
            // a folder without the marker is an interrupted earlier attempt
            deleteTree(home);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + home, e);
        }
    }

    private static void unzipStrippingTopFolder(Path archive, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = target.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target folder: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Writes the realm into {@code data/import}. Keycloak imports a realm only when it does not exist yet, so when
     * the generated realm (or the admin credentials) changed since the last successful start, Keycloak's data is reset
     * and everything is imported afresh; the demo users keep their ids (see {@link ClipizyRealm.DemoUser#id()}).
     * Answers the hash to record once Keycloak is up.
     */
    static String prepareRealm(Path home, String realmJson, StackSettings settings, Consumer<String> status) {
        Path data = home.resolve("data");
        Path database = data.resolve("h2");
        Path recorded = data.resolve(REALM_HASH);
        String hash = sha256(realmJson + "\n" + settings.keycloakAdminUser() + "\n" + settings.keycloakAdminPassword());
        try {
            Files.createDirectories(data.resolve("import"));
            Files.writeString(data.resolve("import").resolve(REALM_FILE), realmJson);
            boolean changed = !Files.exists(recorded) || !Files.readString(recorded).trim().equals(hash);
            if (changed && Files.exists(database)) {
                status.accept("realm definition changed: resetting Keycloak's data");
                deleteTree(database);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realm into " + data, e);
        }
        return hash;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
