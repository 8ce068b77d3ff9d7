package io.clipizy.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAdmitsItsBurstThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        long wait = bucket.tryTake(0);
        assertEquals(SECOND / 2, wait, "one token every half second");
        assertTrue(bucket.tryTake(SECOND / 4) > 0, "half a token is not a token");
        assertEquals(0, bucket.tryTake(SECOND / 2));
        assertEquals(0, bucket.tryTake(10 * SECOND));
        assertEquals(0, bucket.tryTake(10 * SECOND));
        assertEquals(0, bucket.tryTake(10 * SECOND));
        assertTrue(bucket.tryTake(10 * SECOND) > 0, "refills never exceed the burst");
    }

    @Test
    void aBucketIsIdleOnlyWhenFullAndUnused() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);
        bucket.tryTake(0);
        assertFalse(bucket.idle(SECOND / 2, SECOND / 4), "not full yet");
        assertFalse(bucket.idle(2 * SECOND, 5 * SECOND), "full but used recently");
        assertTrue(bucket.idle(6 * SECOND, 5 * SECOND));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }
}
