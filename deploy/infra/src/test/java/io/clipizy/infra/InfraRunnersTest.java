package io.clipizy.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runners against the real things: the bundled FFmpeg, S3Proxy as a child JVM, the machine's PostgreSQL. */
class InfraRunnersTest {

    @Test
    void ffmpegIsExtractedOnceAndRuns(@TempDir Path cache) throws Exception {
        FfmpegTools tools = FfmpegTools.extract(cache.resolve("ffmpeg"));
        assertTrue(Files.isExecutable(tools.ffmpeg()));
        long modified = Files.getLastModifiedTime(tools.ffprobe()).toMillis();
        FfmpegTools again = FfmpegTools.extract(cache.resolve("ffmpeg"));
        assertEquals(modified, Files.getLastModifiedTime(again.ffprobe()).toMillis(), "a complete extraction is reused");
        ProcessBuilder pb = new ProcessBuilder(tools.ffprobe().toString(), "-version").redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", tools.libraryDir().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("ffprobe version"), out);
    }

    @Test
    void s3proxyStartsListensAndStopsCleanly(@TempDir Path data) {
        int port = Ports.free();
        S3ProxyServer server = S3ProxyServer.start(port, data.resolve("objects"), data.resolve("work"), "k", "s");
        try {
            assertTrue(Ports.listening(port));
            assertEquals("http://127.0.0.1:" + port, server.endpoint());
        } finally {
            server.close();
        }
        Ports.await("the port to be free", Duration.ofSeconds(10), () -> !Ports.listening(port));
        assertFalse(server.process().alive());
    }

    @Test
    void databasesAreCreatedOnceAndRecreatedEmpty() throws Exception {
        PostgresDatabases pg = PostgresDatabases.fromEnvironment();
        assertFalse(pg.check().isBlank());
        String db = "clipizy_infra_test";
        pg.recreate(db);
        assertFalse(pg.ensure(db), "it exists already");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leftover (id int)");
        }
        pg.recreate(db);
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "recreated empty");
        }
        assertThrows(IllegalArgumentException.class, () -> pg.ensure("x; DROP DATABASE postgres"));
    }

    @Test
    void theTopicsCreatedAreTheContractsTopics() {
        // infra keeps its own list so it does not depend on the services' contracts at run time; this keeps them equal
        assertEquals(io.clipizy.contracts.Topics.ALL, KafkaTopics.TOPICS);
    }
}
