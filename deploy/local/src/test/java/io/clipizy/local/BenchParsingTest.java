package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the P8 and P9 benchmarks read and compute, on fixed inputs. */
class BenchParsingTest {
    @TempDir
    Path tmp;

    @Test
    void jvmMemoryIsSummedByAreaFromPrometheusText() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2.097152E7
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1048576.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.24288E7
                jvm_memory_used_bytes{area="nonheap",id="CodeCache"} 1.048576E7
                jvm_memory_committed_bytes{area="heap",id="Tenured Gen"} 9.9E9
                """;
        Map<String, Double> mb = FootprintBench.parseJvmMemoryMb(metrics);
        assertEquals(21.0, mb.get("heap"), 1e-9);
        assertEquals(60.0, mb.get("nonheap"), 1e-9);
    }

    @Test
    void quarkusStartTimeIsTheLastStartedInLine() throws Exception {
        Path log = tmp.resolve("service.log");
        Files.writeString(log, "INFO chat-service 0.1.0 on JVM (powered by Quarkus 3.34.2) started in 3.456s. Listening on...\n"
                + "INFO chat-service 0.1.0 on JVM (powered by Quarkus 3.34.2) started in 2.101s. Listening on...\n");
        assertEquals(2.101, FootprintBench.quarkusStartedIn(log), 1e-9);
        Files.writeString(log, "nothing yet\n");
        assertTrue(Double.isNaN(FootprintBench.quarkusStartedIn(log)));
    }

    @Test
    void ourOwnRssIsReadFromProc() {
        double mb = FootprintBench.rssMb(ProcessHandle.current().pid());
        assertTrue(mb > 10 && mb < 4096, "this JVM's RSS: " + mb);
        assertEquals(0, FootprintBench.vmRssKb(Long.MAX_VALUE), "a process that is gone holds nothing");
    }

    @Test
    void rowsAreNameOursPeerRatioUnit() {
        assertEquals("P8 x, 1.50, —, —, s", FootprintBench.row("P8 x", 1.5, "s"));
        assertEquals("P8 y, 188, —, —, MB", FootprintBench.row("P8 y", 187.6, "MB"));
    }

    @Test
    void scaleOptionsAndPercentiles() {
        ScaleBench.Options smoke = ScaleBench.Options.parse(new String[] {"--smoke"});
        assertEquals(20, smoke.runs());
        assertEquals(Duration.ofMinutes(5), smoke.deadline());
        ScaleBench.Options full = ScaleBench.Options.parse(new String[] {"--runs", "1000", "--users", "10", "--deadline", "12m"});
        assertEquals(1000, full.runs());
        assertEquals(Duration.ofMinutes(12), full.deadline());
        assertThrows(IllegalArgumentException.class, () -> ScaleBench.Options.parse(new String[] {"--runs", "2", "--users", "3"}));
        assertThrows(IllegalArgumentException.class, () -> ScaleBench.Options.parse(new String[] {"--fast"}));
        ScaleBench.Options defaults = ScaleBench.Options.parse(new String[0]);
        assertEquals(Duration.ofMinutes(40), defaults.deadline(), "long enough for 9,000 tasks at 8 tasks/s");
        assertEquals(Duration.ofMinutes(5), defaults.stuckAfter());
        assertEquals(Duration.ofMinutes(2), defaults.drain());
        ScaleBench.Options told = ScaleBench.Options.parse(new String[] {"--stuck-after", "90s", "--drain", "30s"});
        assertEquals(Duration.ofSeconds(90), told.stuckAfter());
        assertEquals(Duration.ofSeconds(30), told.drain());
        assertThrows(IllegalArgumentException.class, () -> ScaleBench.Options.parse(new String[] {"--stuck-after", "0s"}));
        assertEquals("5 min", ScaleBench.human(Duration.ofMinutes(5)));
        assertEquals("90 s", ScaleBench.human(Duration.ofSeconds(90)));

        ScaleBench.Lags lags = new ScaleBench.Lags();
        assertEquals(0, lags.percentile(0.99));
        for (int i = 1; i <= 100_000; i++) {
            lags.add(i);
        }
        assertEquals(50_000, lags.percentile(0.5));
        assertEquals(99_000, lags.percentile(0.99));
        assertEquals(100_000, lags.percentile(1.0));
    }
}
