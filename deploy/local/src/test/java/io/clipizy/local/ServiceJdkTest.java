package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJdkTest {
    private static final ServiceJdk LAUNCHER_17 = new ServiceJdk(Path.of("/jdk17"), Runtime.Version.parse("17.0.15+6"), "jdk17");

    @TempDir
    Path root;

    @Test
    void aJdkIsReadFromItsReleaseFile() throws IOException {
        Path home = jdk("temurin-25", "25.0.3+9-LTS", "Eclipse Adoptium");
        ServiceJdk jdk = ServiceJdk.at(home).orElseThrow();
        assertEquals(25, jdk.version().feature());
        assertEquals(home.resolve("bin/java"), jdk.javaBinary());
        assertTrue(jdk.identity().contains("25.0.3+9-LTS") && jdk.identity().contains("Eclipse Adoptium"), jdk.identity());
        assertEquals(Map.of("A", "x y", "B", "2"), ServiceJdk.release("A=\"x y\"\nB=2\n\n"));

        assertEquals(Optional.empty(), ServiceJdk.at(root.resolve("missing")));
        Path noJava = Files.createDirectories(root.resolve("no-java"));
        Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"25\"\n");
        assertEquals(Optional.empty(), ServiceJdk.at(noJava), "a folder without bin/java is not a runtime");
        Path garbled = jdk("garbled", "not-a-version", "x");
        assertEquals(Optional.empty(), ServiceJdk.at(garbled));
    }

    @Test
    void onRequestServicesGetAnAotCacheOnTheNewestJdk25OrLaterFound() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15+6-Debian-1deb12u1", "Debian");
        jdk("temurin-25-jdk-amd64", "25.0.3+9-LTS", "Eclipse Adoptium");
        Path newest = jdk("temurin-26-jdk-amd64", "26.0.1+4", "Eclipse Adoptium");
        // an alternatives-style link to another folder is not read twice
        Files.createSymbolicLink(root.resolve("java-1.26.0-amd64"), newest);

        ServiceJdk.Choice choice = ServiceJdk.choose(Map.of("CLIPIZY_CDS", "aot"), LAUNCHER_17, root);
        assertEquals(ServiceJdk.Cache.AOT_CACHE, choice.cache());
        assertEquals(newest.toAbsolutePath().normalize(), choice.jdk().home());
        assertTrue(choice.describe().contains("AOT cache"), choice.describe());
    }

    @Test
    void withoutAJdk25TheServicesFallBackToAppCdsOnTheLaunchersRuntime() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15+6", "Debian");
        jdk("jdk-21", "21.0.2+13", "Oracle");
        assertEquals(new ServiceJdk.Choice(LAUNCHER_17, ServiceJdk.Cache.APP_CDS),
                ServiceJdk.choose(Map.of("CLIPIZY_CDS", "aot"), LAUNCHER_17, root));
        assertEquals(new ServiceJdk.Choice(LAUNCHER_17, ServiceJdk.Cache.APP_CDS),
                ServiceJdk.choose(Map.of("CLIPIZY_CDS", "aot"), LAUNCHER_17, root.resolve("no-such-folder")));
    }

    @Test
    void byDefaultServicesRunOnAJdk25WithAnAotCacheWhenOneIsThere() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15+6-Debian-1deb12u1", "Debian");
        Path jdk25 = jdk("temurin-25-jdk-amd64", "25.0.3+9-LTS", "Eclipse Adoptium");
        ServiceJdk.Choice choice = ServiceJdk.choose(Map.of(), LAUNCHER_17, root);
        assertEquals(ServiceJdk.Cache.AOT_CACHE, choice.cache());
        assertEquals(jdk25.toAbsolutePath().normalize(), choice.jdk().home());
        assertEquals(choice, ServiceJdk.choose(Map.of("CLIPIZY_CDS", "on"), LAUNCHER_17, root));
        assertEquals(choice, ServiceJdk.choose(Map.of("CLIPIZY_CDS", "aot"), LAUNCHER_17, root));
        assertTrue(choice.describe().contains("AOT cache"), choice.describe());
    }

    @Test
    void byDefaultWithoutAJdk25TheServicesGetAppCdsOnTheLaunchersRuntime() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15+6-Debian-1deb12u1", "Debian");
        ServiceJdk.Choice choice = ServiceJdk.choose(Map.of(), LAUNCHER_17, root);
        assertEquals(new ServiceJdk.Choice(LAUNCHER_17, ServiceJdk.Cache.APP_CDS), choice);
        assertTrue(choice.describe().contains("AppCDS"), choice.describe());
    }

    @Test
    void theSettingForcesAppCdsOrNothingOnTheLaunchersRuntime() throws IOException {
        jdk("temurin-25-jdk-amd64", "25.0.3+9-LTS", "Eclipse Adoptium");
        assertEquals(new ServiceJdk.Choice(LAUNCHER_17, ServiceJdk.Cache.APP_CDS),
                ServiceJdk.choose(Map.of("CLIPIZY_CDS", "appcds"), LAUNCHER_17, root));
        assertEquals(new ServiceJdk.Choice(LAUNCHER_17, ServiceJdk.Cache.NONE),
                ServiceJdk.choose(Map.of("CLIPIZY_CDS", "OFF"), LAUNCHER_17, root));
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> ServiceJdk.choose(Map.of("CLIPIZY_CDS", "maybe"), LAUNCHER_17, root));
        assertTrue(bad.getMessage().contains("on, aot, appcds or off"), bad.getMessage());
    }

    @Test
    void aLauncherOnJdk25KeepsItsOwnRuntime() throws IOException {
        jdk("temurin-26-jdk-amd64", "26.0.1+4", "Eclipse Adoptium");
        ServiceJdk launcher25 = new ServiceJdk(Path.of("/jdk25"), Runtime.Version.parse("25.0.3+9"), "jdk25");
        assertEquals(new ServiceJdk.Choice(launcher25, ServiceJdk.Cache.AOT_CACHE), ServiceJdk.choose(Map.of(), launcher25, root));
    }

    @Test
    void anExplicitServiceRuntimeIsUsedOrRefused() throws IOException {
        Path jdk21 = jdk("jdk-21", "21.0.2+13", "Oracle");
        Path jdk25 = jdk("jdk-25", "25.0.1+8", "Oracle");
        ServiceJdk.Choice on21 = ServiceJdk.choose(Map.of("CLIPIZY_SERVICE_JAVA_HOME", jdk21.toString()), LAUNCHER_17, root);
        assertEquals(ServiceJdk.Cache.APP_CDS, on21.cache(), "a runtime before 25 gets the AppCDS archive");
        assertEquals(jdk21.toAbsolutePath().normalize(), on21.jdk().home());
        assertEquals(ServiceJdk.Cache.AOT_CACHE,
                ServiceJdk.choose(Map.of("CLIPIZY_SERVICE_JAVA_HOME", jdk25.toString()), LAUNCHER_17, root).cache());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ServiceJdk.choose(
                Map.of("CLIPIZY_SERVICE_JAVA_HOME", root.resolve("nothing").toString()), LAUNCHER_17, root));
        assertTrue(missing.getMessage().contains("holds no Java runtime"), missing.getMessage());
    }

    @Test
    void theLaunchersOwnRuntimeIsDescribedLikeAnyOther() {
        ServiceJdk launcher = ServiceJdk.launcher();
        assertEquals(Runtime.version(), launcher.version());
        assertTrue(Files.isExecutable(launcher.javaBinary()), launcher.javaBinary().toString());
        assertEquals(System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                + System.getProperty("java.vm.vendor"), launcher.identity());
    }

    private Path jdk(String name, String version, String implementor) throws IOException {
        Path home = Files.createDirectories(root.resolve(name).resolve("bin"));
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve(name).resolve("release"),
                "IMPLEMENTOR=\"" + implementor + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "\"\nJAVA_VERSION=\"" + version + "\"\n");
        return root.resolve(name);
    }
}
