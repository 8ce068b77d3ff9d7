package io.clipizy.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The progress throttle on its own: few writes, in order, one at a time, the last value always written. */
class ProgressThrottleTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aThousandReportsBecomeAFewWritesEndingWithTheLastValue() {
        List<String> written = new CopyOnWriteArrayList<>();
        ProgressThrottle throttle = new ProgressThrottle(vertx, Duration.ofMillis(100), (fraction, message) -> {
            written.add(message);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(5));
        });
        long started = System.nanoTime();
        for (int i = 1; i <= 1000; i++) {
            throttle.report(i / 1000.0, "step " + i);
            if (i % 100 == 0) {
                sleep(30);
            }
        }
        throttle.close().await().atMost(Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(written.size() <= seconds * 10 + 3, written.size() + " writes in " + seconds + " s");
        assertTrue(written.size() >= 2, "the first at once and the last at the end: " + written);
        assertEquals("step 1", written.get(0), "the first report is written at once");
        assertEquals("step 1000", written.get(written.size() - 1), "the last report is always written");
    }

    @Test
    void writesNeverOverlapAndNothingIsWrittenAfterADiscard() {
        List<String> written = new CopyOnWriteArrayList<>();
        int[] inFlight = {0};
        int[] most = {0};
        ProgressThrottle throttle = new ProgressThrottle(vertx, Duration.ofMillis(1), (fraction, message) -> {
            synchronized (inFlight) {
                most[0] = Math.max(most[0], ++inFlight[0]);
            }
            written.add(message);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                    .invoke(() -> {
                        synchronized (inFlight) {
                            inFlight[0]--;
                        }
                    });
        });
        for (int i = 0; i < 50; i++) {
            throttle.report(0.5, "r" + i);
            sleep(2);
        }
        throttle.discard();
        int seen = written.size();
        throttle.report(0.9, "after");
        sleep(100);
        assertEquals(1, most[0], "one write at a time");
        assertTrue(written.size() <= seen + 1, "at most the write in flight lands after a discard");
        assertTrue(!written.contains("after"), "reports after a discard are dropped");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
