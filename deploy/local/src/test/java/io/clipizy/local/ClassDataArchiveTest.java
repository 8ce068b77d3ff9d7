package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
    private static final List<String> FLAGS = List.of("-Xmx64m", "-XX:+UseSerialGC");

    @TempDir
    Path tmp;

    @Test
    void theKeyFollowsTheBuildTheFlagsAndTheRuntime() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("quarkus-app/lib/main"));
        Path lib = Files.writeString(app.resolve("a.jar"), "one");
        String key = ClassDataArchive.key(tmp.resolve("quarkus-app"), FLAGS, "jdk-a");
        assertEquals(key, ClassDataArchive.key(tmp.resolve("quarkus-app"), FLAGS, "jdk-a"));
        assertTrue(key.matches("[0-9a-f]{16}"), key);

        assertNotEquals(key, ClassDataArchive.key(tmp.resolve("quarkus-app"), List.of("-Xmx64m"), "jdk-a"));
        assertNotEquals(key, ClassDataArchive.key(tmp.resolve("quarkus-app"), FLAGS, "jdk-b"));
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        String touched = ClassDataArchive.key(tmp.resolve("quarkus-app"), FLAGS, "jdk-a");
        assertNotEquals(key, touched);
        Files.writeString(app.resolve("b.jar"), "two");
        assertNotEquals(touched, ClassDataArchive.key(tmp.resolve("quarkus-app"), FLAGS, "jdk-a"));
    }

    @Test
    void aFirstRunWritesTheArchiveAtExitAndTheNextOneMapsIt() throws Exception {
        Path jar = helloJar();
        Path dir = tmp.resolve("cds");
        ClassDataArchive first = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS);
        assertFalse(first.reused());
        List<String> writing = first.jvmOptions();
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + first.pending(), "-Xlog:cds=off"), writing);

        assertEquals(0, java(writing, jar, "-Xshare:auto").exitCode());
        assertTrue(Files.size(first.pending()) > 0);
        assertEquals(ClassDataArchive.Outcome.WRITTEN, first.finish(FLAGS, jar));
        assertTrue(Files.isRegularFile(first.archive()));
        assertFalse(Files.exists(first.pending()));

        ClassDataArchive second = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS);
        assertTrue(second.reused());
        assertEquals(first.archive(), second.archive());
        assertEquals(List.of("-XX:SharedArchiveFile=" + second.archive()), second.jvmOptions());
        // -Xshare:on fails rather than run without the archive; the application class comes from its top layer
        Run run = java(second.jvmOptions(), jar, "-Xshare:on", "-Xlog:class+load=info");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().lines().anyMatch(l -> l.contains("Hello source: shared objects file (top)")), run.output());
        assertEquals(ClassDataArchive.Outcome.USED, second.finish(FLAGS, jar));
        assertTrue(Files.isRegularFile(second.archive()));
    }

    @Test
    void aTruncatedArchiveIsDeletedNotUsed() throws Exception {
        Path jar = helloJar();
        Path dir = tmp.resolve("cds");
        ClassDataArchive archive = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS);
        assertEquals(0, java(archive.jvmOptions(), jar, "-Xshare:auto").exitCode());
        // what a JVM stopped by force while writing leaves behind
        byte[] written = Files.readAllBytes(archive.pending());
        Files.delete(archive.pending());
        Files.write(archive.pending(), java.util.Arrays.copyOf(written, written.length / 2));

        assertEquals(ClassDataArchive.Outcome.REJECTED, archive.finish(FLAGS, jar));
        assertFalse(Files.exists(archive.pending()));
        assertFalse(Files.exists(archive.archive()));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no crash report or other file is left behind");
        }
        assertFalse(ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS).reused());
    }

    @Test
    void aServiceThatWroteNothingLeavesNothing() throws Exception {
        Path jar = helloJar();
        ClassDataArchive archive = ClassDataArchive.of(tmp.resolve("cds"), "hello", jar.getParent(), FLAGS);
        archive.jvmOptions();
        assertEquals(ClassDataArchive.Outcome.NOT_WRITTEN, archive.finish(FLAGS, jar));
        assertFalse(Files.exists(archive.archive()));
    }

    @Test
    void anArchiveOfAnotherBuildOfTheSameServiceIsDeletedOnceANewOneIsWritten() throws Exception {
        Path jar = helloJar();
        Path dir = Files.createDirectories(tmp.resolve("cds"));
        Path oldBuild = Files.writeString(dir.resolve("hello-0123456789abcdef.jsa"), "old");
        Path otherService = Files.writeString(dir.resolve("hello-world-0123456789abcdef.jsa"), "other");
        Path otherBuildWriting = Files.writeString(dir.resolve("hello-fedcba9876543210.jsa.part"), "writing");
        ClassDataArchive archive = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS);
        assertEquals(0, java(archive.jvmOptions(), jar, "-Xshare:auto").exitCode());
        assertEquals(ClassDataArchive.Outcome.WRITTEN, archive.finish(FLAGS, jar));
        assertFalse(Files.exists(oldBuild));
        assertTrue(Files.exists(otherService));
        assertTrue(Files.exists(otherBuildWriting));
        assertTrue(Files.exists(archive.archive()));
    }

    @Test
    void servicesStartWithTheirArchiveOptionsUnlessTurnedOff() {
        Workspace workspace = new Workspace(tmp);
        ServiceSpec chat = Services.ALL.get(0);
        List<String> command = ServiceProcess.command(workspace, chat, FLAGS, List.of("-XX:SharedArchiveFile=/x.jsa"));
        assertTrue(command.indexOf("-XX:SharedArchiveFile=/x.jsa") < command.indexOf("-jar"), command.toString());
        assertEquals(tmp.resolve(".clipizy/cds"), workspace.classDataArchives());
        assertNotEquals(ServiceJdk.Cache.NONE, new StackSettings(java.util.Map.of()).serviceRuntime().cache());
        assertEquals(ServiceJdk.Cache.NONE, new StackSettings(java.util.Map.of("CLIPIZY_CDS", "off")).serviceRuntime().cache());
        assertEquals(FootprintBench.MAPPED, FootprintBench.archiveMode(ServiceJdk.Cache.APP_CDS, true));
        assertEquals(FootprintBench.WRITING, FootprintBench.archiveMode(ServiceJdk.Cache.APP_CDS, false));
        assertEquals(FootprintBench.AOT_MAPPED, FootprintBench.archiveMode(ServiceJdk.Cache.AOT_CACHE, true));
        assertEquals(FootprintBench.AOT_TRAINING, FootprintBench.archiveMode(ServiceJdk.Cache.AOT_CACHE, false));
        assertEquals(FootprintBench.NO_ARCHIVE, FootprintBench.archiveMode(ServiceJdk.Cache.NONE, false));
        List<String> onJdk25 = ServiceProcess.command(Path.of("/opt/jdk-25/bin/java"), workspace, chat, FLAGS, List.of());
        assertEquals("/opt/jdk-25/bin/java", onJdk25.get(0));
    }

    /** The JEP 514 AOT cache on the machine's JDK 25 or later, when it has one (a machine without it skips this). */
    @Test
    void onAJdk25TheTrainingRunWritesAnAotCacheThatLaterRunsMap() throws Exception {
        ServiceJdk jdk = aotJdk();
        Path jar = helloJar();
        Path dir = tmp.resolve("cds");
        ClassDataArchive first = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS, jdk, ClassDataArchive.Format.AOT_CACHE);
        assertFalse(first.reused());
        assertEquals(List.of("-XX:AOTCacheOutput=" + first.pending(), "-Xlog:aot=off", "-Xlog:cds=off"), first.jvmOptions());
        assertEquals(0, java(jdk, first.jvmOptions(), jar).exitCode());
        assertTrue(Files.size(first.pending()) > 0);
        assertFalse(Files.exists(first.trainingConfiguration()), "the JVM removes its training record once assembled");
        assertEquals(ClassDataArchive.Outcome.WRITTEN, first.finish(FLAGS, jar));
        assertTrue(first.archive().getFileName().toString().matches("hello-[0-9a-f]{16}\\.aot"), first.archive().toString());

        ClassDataArchive second = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS, jdk, ClassDataArchive.Format.AOT_CACHE);
        assertTrue(second.reused());
        assertEquals(List.of("-XX:AOTCache=" + second.archive()), second.jvmOptions());
        Run run = java(jdk, second.jvmOptions(), jar, "-XX:AOTMode=on", "-Xlog:class+load=info");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().lines().anyMatch(l -> l.contains("Hello source: shared objects file")), run.output());

        // the AppCDS archive of the same build on the same runtime is another file: neither is taken for the other
        ClassDataArchive appCds = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS, jdk, ClassDataArchive.Format.APP_CDS);
        assertFalse(appCds.reused());
        assertNotEquals(second.archive(), appCds.archive());
    }

    @Test
    void aTruncatedAotCacheIsDeletedNotUsed() throws Exception {
        ServiceJdk jdk = aotJdk();
        Path jar = helloJar();
        Path dir = tmp.resolve("cds");
        ClassDataArchive archive = ClassDataArchive.of(dir, "hello", jar.getParent(), FLAGS, jdk, ClassDataArchive.Format.AOT_CACHE);
        assertEquals(0, java(jdk, archive.jvmOptions(), jar).exitCode());
        byte[] written = Files.readAllBytes(archive.pending());
        Files.delete(archive.pending());
        Files.write(archive.pending(), java.util.Arrays.copyOf(written, written.length / 2));
        // and a training record left by a JVM killed before it assembled the cache
        Files.writeString(archive.trainingConfiguration(), "half");

        assertEquals(ClassDataArchive.Outcome.REJECTED, archive.finish(FLAGS, jar));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing is left behind");
        }
    }

    private static ServiceJdk aotJdk() {
        ServiceJdk.Choice choice = ServiceJdk.choose(java.util.Map.of("CLIPIZY_CDS", "aot"));
        Assumptions.assumeTrue(choice.cache() == ServiceJdk.Cache.AOT_CACHE, "no JDK 25 or later on this machine");
        return choice.jdk();
    }

    record Run(int exitCode, String output) {
    }

    private Run java(List<String> archiveOptions, Path jar, String... extra) throws Exception {
        return java(ServiceJdk.launcher(), archiveOptions, jar, extra);
    }

    private Run java(ServiceJdk jdk, List<String> archiveOptions, Path jar, String... extra) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(jdk.javaBinary().toString());
        args.addAll(FLAGS);
        args.addAll(archiveOptions);
        args.addAll(List.of(extra));
        args.addAll(List.of("-cp", jar.toString(), "Hello"));
        Process p = new ProcessBuilder(args)
                .directory(tmp.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    /** A one-class application in a jar of its own folder (as a service's quarkus-run.jar in quarkus-app). */
    private Path helloJar() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path java = Files.writeString(src.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(new java.util.TreeMap<>(java.util.Map.of(\"k\", 1))); } }");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, compiler.run(null, null, null, "-d", src.toString(), java.toString()));
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path jar = app.resolve("hello.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Hello.class"));
            jarOut.write(Files.readAllBytes(src.resolve("Hello.class")));
            jarOut.closeEntry();
        }
        return jar;
    }
}
