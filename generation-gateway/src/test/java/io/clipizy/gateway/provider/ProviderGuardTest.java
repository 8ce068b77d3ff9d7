package io.clipizy.gateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.event.ErrorCode;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderGuardTest {
    private static final ProviderGuard.Settings FAST = ProviderGuard.Settings.defaults()
            .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20)).withAttemptTimeout(Duration.ofMillis(300));

    @Test
    void retriesRetryableFailuresThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        ProviderGuard guard = new ProviderGuard("fake", FAST);
        String answer = guard.call(() -> calls.incrementAndGet() < 3
                ? Uni.createFrom().failure(ProviderException.unavailable("429", null, null))
                : Uni.createFrom().item("ok")).await().atMost(Duration.ofSeconds(5));
        assertEquals("ok", answer);
        assertEquals(3, calls.get());
    }

    @Test
    void nonRetryableFailuresPassThroughAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        ProviderGuard guard = new ProviderGuard("fake", FAST);
        ProviderException e = assertThrows(ProviderException.class, () -> guard.call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(ProviderException.moderation("blocked by the content filter"));
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.MODERATION, e.code());
        assertEquals(1, calls.get());
    }

    @Test
    void exhaustedRetriesEndTyped() {
        AtomicInteger calls = new AtomicInteger();
        ProviderGuard guard = new ProviderGuard("fake", FAST);
        ProviderException e = assertThrows(ProviderException.class, () -> guard.call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().<String>failure(new java.io.IOException("connection refused"));
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertEquals(4, calls.get());
    }

    @Test
    void aHangingCallTimesOutAndIsRetriedThenFailsAsTimeout() {
        ProviderGuard guard = new ProviderGuard("fake", FAST.withRetries(1, Duration.ofMillis(5), Duration.ofMillis(5)));
        ProviderException e = assertThrows(ProviderException.class,
                () -> guard.call(() -> Uni.createFrom().<String>nothing()).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.TIMEOUT, e.code());
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        ProviderGuard guard = new ProviderGuard("fake", FAST.withMaxConcurrent(2));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Uni<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(guard.call(() -> Uni.createFrom().item(() -> {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return 1;
            }).onItem().delayIt().by(Duration.ofMillis(20)).invoke(inFlight::decrementAndGet)));
        }
        List<?> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(5));
        assertEquals(10, results.size());
        assertTrue(peak.get() <= 2, "peak " + peak.get());
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndStopsCalling() {
        ProviderGuard guard = new ProviderGuard("fake", FAST.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1))
                .withBreaker(4, 0.5, Duration.ofMinutes(1)));
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            assertThrows(ProviderException.class, () -> guard.call(() -> {
                calls.incrementAndGet();
                return Uni.createFrom().failure(ProviderException.unavailable("503", null, null));
            }).await().atMost(Duration.ofSeconds(5)));
        }
        assertTrue(guard.open());
        ProviderException e = assertThrows(ProviderException.class,
                () -> guard.call(() -> Uni.createFrom().item("never")).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
        assertEquals(4, calls.get());
    }

    @Test
    void theRateLimitRefusesBeyondItsRateWithARetryHint() {
        ProviderGuard guard = new ProviderGuard("fake", FAST.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1))
                .withRatePerSecond(2));
        guard.call(() -> Uni.createFrom().item(1)).await().indefinitely();
        guard.call(() -> Uni.createFrom().item(1)).await().indefinitely();
        ProviderException e = assertThrows(ProviderException.class,
                () -> guard.call(() -> Uni.createFrom().item(1)).await().indefinitely());
        assertTrue(e.retryAfter() != null && e.retryAfter().toMillis() <= 1000);
    }

    @Test
    void backoffHonoursRetryAfterAndGrows() {
        ProviderGuard guard = new ProviderGuard("fake", ProviderGuard.Settings.defaults());
        assertTrue(guard.backoff(0, Duration.ofSeconds(7)).toMillis() >= 7000);
        assertTrue(guard.backoff(5, null).toMillis() <= 20_000);
    }
}
