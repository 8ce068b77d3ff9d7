package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.infra.FfmpegTools;
import io.clipizy.infra.PostgresDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --simulate-providers: its SPEC, and the gateway's (only the gateway's) environment it turns into. */
class SimulatedProvidersTest {
    @Test
    void theSpecIsParsedWithDefaultsForWhatItLeavesOut() {
        assertEquals(SimulatedProviders.DEFAULTS, SimulatedProviders.parse(""));
        SimulatedProviders p = SimulatedProviders.parse("latency=500ms,faults=0.1,kinds=image_generation+video_generation");
        assertEquals(Duration.ofMillis(500), p.latency());
        assertEquals(Duration.ofMillis(1500), p.p99(), "p99 defaults to three times the median");
        assertEquals(0.1, p.faults());
        assertEquals(List.of("image_generation", "video_generation"), p.kinds());
        assertEquals(Duration.ofSeconds(90), SimulatedProviders.parse("latency=1.5m").latency());
        assertEquals(Duration.ofSeconds(4), SimulatedProviders.parse("latency=1s,p99=4s,concurrency=200").p99());
    }

    @Test
    void mistakesNameWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("latency=fast"))
                .getMessage().contains("'fast' is not a duration"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("faults=1.5"))
                .getMessage().contains("between 0 and 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("latency=2s,p99=1s"))
                .getMessage().contains("p99"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("kinds=text_generation"))
                .getMessage().contains("kinds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("speed=2"))
                .getMessage().contains("unknown key 'speed'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("concurrency=x"))
                .getMessage().contains("not a number"));
        assertThrows(IllegalArgumentException.class, () -> SimulatedProviders.parse("faults"));
    }

    @Test
    void theOptionTurnsOffTheDemoAndTakesAnOptionalSpec() {
        Stack.Options plain = Stack.Options.parse(List.of("--simulate-providers"));
        assertEquals(SimulatedProviders.DEFAULTS, plain.simulate());
        assertTrue(plain.noDemo(), "no music video demo out of test patterns");
        Stack.Options spec = Stack.Options.parse(List.of("--simulate-providers", "faults=0", "--no-demo"));
        assertEquals(0.0, spec.simulate().faults());
        assertNull(Stack.Options.parse(List.of()).simulate());
        assertFalse(Stack.Options.parse(List.of()).noDemo());
    }

    @Test
    void onlyTheGatewayGetsTheProviderAndTheRoutingLines() {
        SimulatedProviders p = SimulatedProviders.parse("latency=1s,p99=3s,faults=0.05,concurrency=100");
        Map<String, String> env = p.gatewayEnvironment();
        assertEquals("true", env.get("CLIPIZY_PROVIDERS_SIMULATED_ENABLED"));
        assertEquals("PT1S", env.get("CLIPIZY_PROVIDERS_SIMULATED_LATENCY_MEDIAN"));
        assertEquals("PT3S", env.get("CLIPIZY_PROVIDERS_SIMULATED_LATENCY_P99"));
        assertEquals("0.05", env.get("CLIPIZY_PROVIDERS_SIMULATED_FAULT_RATE"));
        assertEquals("100", env.get("CLIPIZY_TASKS_MAX_CONCURRENT"));
        for (String kind : SimulatedProviders.KINDS) {
            assertEquals("simulated", env.get("CLIPIZY_ROUTING_" + kind.toUpperCase()));
        }

        PostgresDatabases db = new PostgresDatabases("127.0.0.1", 5432, "postgres", "");
        FfmpegTools ffmpeg = FfmpegTools.extract(FfmpegTools.defaultCache());
        StackSettings settings = new StackSettings(Map.of());
        for (ServiceSpec spec : Services.ALL) {
            boolean gateway = spec.module().equals("generation-gateway");
            assertEquals(gateway, Stack.environment(spec, settings, db, ffmpeg, p).containsKey("CLIPIZY_ROUTING_IMAGE_GENERATION"), spec.module());
            assertFalse(Stack.environment(spec, settings, db, ffmpeg, null).containsKey("CLIPIZY_PROVIDERS_SIMULATED_ENABLED"), spec.module());
            assertEquals(ServiceProcess.MALLOC_ARENA_MAX, Stack.environment(spec, settings, db, ffmpeg, null).get("MALLOC_ARENA_MAX"));
        }
    }
}
