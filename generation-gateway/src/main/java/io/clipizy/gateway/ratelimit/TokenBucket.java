package io.clipizy.gateway.ratelimit;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code ratePerSecond}; each admitted
 * request takes one. Thread-safe; the clock is passed in (nanoseconds) so callers and tests control time.
 */
public final class TokenBucket {
    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long updatedAt;
    private long lastUsed;

    public TokenBucket(int capacity, double ratePerSecond, long nowNanos) {
        if (capacity < 1 || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs a capacity of at least 1 and a positive rate");
        }
        this.capacity = capacity;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
        this.lastUsed = nowNanos;
    }

    /**
     * Takes a token when one is available and answers 0; otherwise takes nothing and answers how many nanoseconds
     * until one will be.
     */
    public synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        lastUsed = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
    }

    /** Whether the bucket is full again and nobody asked it for a token for at least {@code idleNanos}. */
    public synchronized boolean idle(long nowNanos, long idleNanos) {
        refill(nowNanos);
        return tokens >= capacity && nowNanos - lastUsed >= idleNanos;
    }

    private void refill(long nowNanos) {
        if (nowNanos > updatedAt) {
            tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * ratePerNano);
            updatedAt = nowNanos;
        }
    }
}
