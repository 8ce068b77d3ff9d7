package io.clipizy.gateway.local.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks still run (smoke mode: seconds of media) and print their table lines. */
class LocalEngineBenchSmokeTest {
    @Test
    void smokeRunPrintsEveryRow() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<String> lines = LocalEngineBench.run(true, new PrintStream(buffer, true));

        for (String row : List.of("P1", "P2", "P3", "P4")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(row)), row + " missing: " + lines);
        }
        for (String line : lines) {
            assertTrue(line.split(", ").length == 5, "name, ours, peer, ratio, unit: " + line);
        }
        assertTrue(lines.stream().filter(l -> l.startsWith("P2 mean")).allMatch(l ->
                Double.parseDouble(l.split(", ")[1]) >= 0.9), "beat accuracy in smoke mode: " + lines);
    }
}
