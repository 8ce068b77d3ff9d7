package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTest {
    @TempDir
    Path tmp;

    @Test
    void options() {
        assertEquals(new Stack.Options(false, false, false), Stack.Options.parse(List.of()));
        assertEquals(new Stack.Options(true, true, false), Stack.Options.parse(List.of("--no-demo", "--infra-only")));
        assertTrue(Stack.Options.parse(List.of("-h")).help());
        assertThrows(IllegalArgumentException.class, () -> Stack.Options.parse(List.of("--skip-keycloak")));
    }

    @Test
    void theRootIsTheFolderWithTheWrapper() throws Exception {
        Files.writeString(tmp.resolve("mvnw"), "#!/bin/sh\n");
        Files.writeString(tmp.resolve("pom.xml"), "<project/>");
        Path deep = Files.createDirectories(tmp.resolve("deploy/local/src"));
        assertEquals(tmp.toAbsolutePath().normalize(), Workspace.locate(deep).root());
        assertEquals(tmp.resolve(".clipizy/kafka"), Workspace.locate(deep).kafka());
        assertThrows(IllegalStateException.class, () -> Workspace.locate(Path.of("/")));
    }

    @Test
    void missingServiceJarsStopTheLaunchBeforeAnythingStarts() throws Exception {
        Workspace workspace = new Workspace(tmp);
        Stack stack = new Stack(new Stack.Options(false, false, false), workspace, new StackSettings(Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        List<String> problems = stack.preflight();
        assertTrue(problems.stream().anyMatch(p -> p.contains("chat-service/target/quarkus-app/quarkus-run.jar")
                && p.contains(Stack.BUILD_FIRST)), problems.toString());
        Stack infraOnly = new Stack(new Stack.Options(true, false, false), workspace, new StackSettings(Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertTrue(infraOnly.preflight().stream().noneMatch(p -> p.contains("quarkus-run.jar")));
    }

    @Test
    void aBadDatabaseSetOrCacheModeStopsTheLaunchBeforeAnythingStarts() {
        Stack stack = new Stack(new Stack.Options(false, false, false), new Workspace(tmp),
                new StackSettings(Map.of("CLIPIZY_DATABASE_SET", "Bad-Set", "CLIPIZY_CDS", "sometimes")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        List<String> problems = stack.preflight();
        assertTrue(problems.stream().anyMatch(p -> p.contains("CLIPIZY_DATABASE_SET")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("CLIPIZY_CDS")), problems.toString());
    }

    @Test
    void infraOnlyClaimsNoServicePorts() {
        Stack infraOnly = new Stack(new Stack.Options(true, false, false), new Workspace(tmp), new StackSettings(Map.of()),
                System.out, false);
        assertEquals(List.of(9092, 9093, 9000, 8180), List.copyOf(infraOnly.ports().keySet()));
        Stack full = new Stack(new Stack.Options(false, false, false), new Workspace(tmp), new StackSettings(Map.of()),
                System.out, false);
        assertEquals(11, full.ports().size());
    }

    @Test
    void serviceJvmFlagsKeepIdleMemorySmallAndTrimTheNativeHeapWhereTheRuntimeCan() {
        assertTrue(ServiceProcess.flags(Runtime.Version.parse("17.0.15")).contains("-XX:TrimNativeHeapInterval=10000"));
        assertTrue(ServiceProcess.flags(Runtime.Version.parse("21.0.2")).contains("-XX:TrimNativeHeapInterval=10000"));
        assertFalse(ServiceProcess.flags(Runtime.Version.parse("17.0.8")).stream()
                .anyMatch(f -> f.startsWith("-XX:TrimNativeHeapInterval")), "17.0.8 would refuse to start with it");
        assertTrue(ServiceProcess.JVM_FLAGS.containsAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=20",
                "-XX:MinHeapFreeRatio=10")));
    }

    @Test
    void aTakenPortIsSeen() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertTrue(Stack.taken(socket.getLocalPort()));
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertFalse(Stack.taken(free));
    }

    @Test
    void plainProgressIsOneLinePerChangeWithoutEscapes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100)) {
            Progress.Step kafka = progress.step("kafka");
            kafka.running("starting");
            kafka.running("starting");
            kafka.ready("127.0.0.1:9092");
            progress.note("a note");
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("kafka: starting"));
        assertTrue(lines.get(1).matches("\\[ *\\d+\\.\\d s] kafka: 127\\.0\\.0\\.1:9092 \\(\\d+\\.\\d s\\)"), lines.get(1));
        assertEquals("a note", lines.get(2));
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\033"));
    }

    @Test
    void demoOptionsAreParsedAndCheckedBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path song = java.nio.file.Files.writeString(tmp.resolve("song.mp3"), "not really");
        Stack.Options o = Stack.Options.parse(List.of("--song", song.toString(), "--workflow", "music-video.looped-static"));
        assertEquals(song.toAbsolutePath(), o.song());
        assertEquals("music-video.looped-static", o.workflow());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Stack.Options.parse(List.of("--song", tmp.resolve("missing.mp3").toString())));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Stack.Options.parse(List.of("--song")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Stack.Options.parse(List.of("--workflow", "rm -rf")));
    }
}
