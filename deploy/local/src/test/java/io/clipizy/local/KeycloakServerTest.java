package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakServerTest {
    @TempDir
    Path tmp;

    private Path distribution() throws Exception {
        Path zip = tmp.resolve("keycloak-quarkus-dist-1.0.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String name : List.of("keycloak-1.0/", "keycloak-1.0/bin/", "keycloak-1.0/bin/kc.sh", "keycloak-1.0/lib/quarkus-run.jar")) {
                out.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void unpacksOnceWithoutTheTopFolderAndMakesTheScriptsExecutable() throws Exception {
        Path home = tmp.resolve(".clipizy/keycloak-1.0");
        List<String> status = new ArrayList<>();
        KeycloakServer.install(home, Optional.of(distribution()), status::add);
        assertTrue(Files.isExecutable(home.resolve("bin/kc.sh")));
        assertTrue(Files.isRegularFile(home.resolve("lib/quarkus-run.jar")));
        assertTrue(KeycloakServer.installed(home));
        assertEquals(1, status.size());
        // a second time the zip is not even needed
        KeycloakServer.install(home, Optional.empty(), status::add);
        assertEquals(1, status.size());
    }

    @Test
    void withoutDistributionTheMessageSaysHowToGetIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeycloakServer.install(tmp.resolve("keycloak-1.0"), Optional.empty(), s -> { }));
        assertTrue(e.getMessage().contains("-Pstack"), e.getMessage());
    }

    @Test
    void theRealmGoesToTheImportFolderAndAChangedRealmResetsTheData() throws Exception {
        Path home = tmp.resolve("keycloak");
        Path database = Files.createDirectories(home.resolve("data/h2"));
        Files.writeString(database.resolve("keycloakdb.mv.db"), "data");
        StackSettings settings = new StackSettings(Map.of());
        List<String> status = new ArrayList<>();

        String hash = KeycloakServer.prepareRealm(home, "{\"realm\":\"clipizy\"}", settings, status::add);
        assertEquals("{\"realm\":\"clipizy\"}", Files.readString(home.resolve("data/import/clipizy-realm.json")));
        assertFalse(Files.exists(database), "no record of what was imported: start afresh");

        // as after a successful start: the same realm keeps the data
        Files.createDirectories(database);
        Files.writeString(home.resolve("data/clipizy-realm.sha256"), hash);
        assertEquals(hash, KeycloakServer.prepareRealm(home, "{\"realm\":\"clipizy\"}", settings, status::add));
        assertTrue(Files.exists(database));

        // a new admin password is only applied to an empty database
        KeycloakServer.prepareRealm(home, "{\"realm\":\"clipizy\"}", new StackSettings(Map.of("CLIPIZY_KEYCLOAK_ADMIN_PASSWORD", "x")),
                status::add);
        assertFalse(Files.exists(database));
        assertEquals(2, status.size());
    }
}
