package io.clipizy.gateway.provider;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The protection every call to one provider's API goes through: bounded concurrency with a bounded wait queue, a rate
 * limit, a per-attempt timeout, retries with exponential backoff and full jitter (honouring the provider's
 * {@code Retry-After}), and a circuit breaker that stops calling a provider that keeps failing.
 *
 * <p>Hand-written on Mutiny rather than SmallRye Fault Tolerance's programmatic {@code Guard}: it has to honour a
 * per-failure {@code Retry-After}, classify failures by {@link ProviderException#retryable()}, and run the adapters'
 * tests as plain JUnit without a CDI container; each piece is a few lines on {@code Uni}.
 */
public final class ProviderGuard {
    private final String provider;
    private final Settings settings;
    private final Object lock = new Object();
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;
    private final Deque<Long> recentStarts = new ArrayDeque<>();
    private final Deque<Boolean> outcomes = new ArrayDeque<>();
    private Instant openUntil;
    private volatile String lastError;

    /**
     * @param maxConcurrent   calls in flight at once
     * @param maxQueued       calls waiting for a slot before new ones are refused
     * @param ratePerSecond   calls started per second (0: unlimited)
     * @param attemptTimeout  one attempt's limit
     * @param maxRetries      retries after the first attempt, for retryable failures only
     * @param initialBackoff  first backoff; doubles each retry, full jitter, capped by {@code maxBackoff}
     * @param breakerWindow   outcomes looked at by the breaker
     * @param breakerRatio    failure share of a full window that opens it
     * @param breakerOpenFor  how long it stays open before one trial call
     */
    public record Settings(int maxConcurrent, int maxQueued, double ratePerSecond, Duration attemptTimeout, int maxRetries,
                           Duration initialBackoff, Duration maxBackoff, int breakerWindow, double breakerRatio,
                           Duration breakerOpenFor) {
        public static Settings defaults() {
            return new Settings(4, 64, 0, Duration.ofSeconds(30), 3, Duration.ofMillis(500), Duration.ofSeconds(20), 20,
                    0.5, Duration.ofSeconds(30));
        }

        public Settings withMaxConcurrent(int value) {
            return new Settings(value, maxQueued, ratePerSecond, attemptTimeout, maxRetries, initialBackoff, maxBackoff,
                    breakerWindow, breakerRatio, breakerOpenFor);
        }

        public Settings withRatePerSecond(double value) {
            return new Settings(maxConcurrent, maxQueued, value, attemptTimeout, maxRetries, initialBackoff, maxBackoff,
                    breakerWindow, breakerRatio, breakerOpenFor);
        }

        public Settings withAttemptTimeout(Duration value) {
            return new Settings(maxConcurrent, maxQueued, ratePerSecond, value, maxRetries, initialBackoff, maxBackoff,
                    breakerWindow, breakerRatio, breakerOpenFor);
        }

        public Settings withRetries(int retries, Duration initial, Duration max) {
            return new Settings(maxConcurrent, maxQueued, ratePerSecond, attemptTimeout, retries, initial, max,
                    breakerWindow, breakerRatio, breakerOpenFor);
        }

        public Settings withBreaker(int window, double ratio, Duration openFor) {
            return new Settings(maxConcurrent, maxQueued, ratePerSecond, attemptTimeout, maxRetries, initialBackoff,
                    maxBackoff, window, ratio, openFor);
        }
    }

    public ProviderGuard(String provider, Settings settings) {
        this.provider = provider;
        this.settings = settings;
    }

    /** The last failure seen through this guard, for health reports (a message, never a secret). */
    public String lastError() {
        return lastError;
    }

    /** Whether the breaker is open now (calls are refused without reaching the provider). */
    public boolean open() {
        synchronized (lock) {
            return openUntil != null && Instant.now().isBefore(openUntil);
        }
    }

    /**
     * Runs the action under every protection; retries retryable failures (a new {@code Uni} from the supplier each
     * time). Non-retryable failures pass through at once. Every other failure ends as a {@link ProviderException}.
     */
    public <T> Uni<T> call(Supplier<Uni<T>> action) {
        return attempt(action, 0, failure -> true, error -> error);
    }

    /**
     * Like {@link #call}, for a request the provider must not receive twice (a job submission it offers no
     * idempotency key for): a retryable failure is retried only when this guard refused the call before sending it
     * (breaker, rate limit, full queue) or {@code notActedOn} says the provider certainly did not act on it (no
     * connection, or an answer refusing it). Any other retryable failure (an attempt timeout, a connection lost
     * after the request went out) is not retried: it ends as {@code uncertain(failure)}.
     */
    public <T> Uni<T> callAtMostOnce(Supplier<Uni<T>> action, Predicate<Throwable> notActedOn,
                                     Function<ProviderException, ProviderException> uncertain) {
        return attempt(action, 0, failure -> failure instanceof Refused || notActedOn.test(failure), uncertain);
    }

    private <T> Uni<T> attempt(Supplier<Uni<T>> action, int retry, Predicate<Throwable> repeatable,
                               Function<ProviderException, ProviderException> uncertain) {
        return once(action).onFailure().recoverWithUni(failure -> {
            ProviderException error = classify(failure);
            lastError = error.getMessage();
            if (error.retryable() && !repeatable.test(failure)) {
                return Uni.createFrom().failure(uncertain.apply(error));
            }
            if (!error.retryable() || retry >= settings.maxRetries()) {
                return Uni.createFrom().failure(error);
            }
            Duration wait = backoff(retry, error.retryAfter());
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                    .chain(() -> attempt(action, retry + 1, repeatable, uncertain));
        });
    }

    /** A call this guard refused before anything was sent (breaker open, rate limit, full queue). */
    static final class Refused extends ProviderException {
        Refused(String message, Duration retryAfter) {
            super(io.clipizy.contracts.event.ErrorCode.PROVIDER_UNAVAILABLE, message, true, retryAfter, null);
        }
    }

    Duration backoff(int retry, Duration retryAfter) {
        long cap = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(retry, 20));
        long jittered = ThreadLocalRandom.current().nextLong(Math.max(1, cap / 2), Math.max(2, cap + 1));
        long hinted = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), settings.maxBackoff().toMillis() * 3);
        return Duration.ofMillis(Math.max(jittered, hinted));
    }

    private <T> Uni<T> once(Supplier<Uni<T>> action) {
        return Uni.createFrom().deferred(() -> {
            ProviderException refused = admit();
            if (refused != null) {
                return Uni.createFrom().failure(refused);
            }
            return acquire().chain(() -> Uni.createFrom().<T>deferred(action::get)
                    .ifNoItem().after(settings.attemptTimeout()).failWith(() -> new TimeoutException())
                    .onItemOrFailure().invoke((item, failure) -> {
                        release();
                        record(failure == null || !classify(failure).retryable());
                    }));
        });
    }

    /** Circuit breaker and rate limit: null when the call may go ahead. */
    private ProviderException admit() {
        synchronized (lock) {
            Instant now = Instant.now();
            if (openUntil != null) {
                if (now.isBefore(openUntil)) {
                    return new Refused(provider + " is failing repeatedly; calls are paused until "
                            + openUntil, Duration.between(now, openUntil));
                }
                openUntil = null;
                outcomes.clear();
            }
            if (settings.ratePerSecond() > 0) {
                long nowMs = System.currentTimeMillis();
                while (!recentStarts.isEmpty() && recentStarts.peekFirst() <= nowMs - 1000) {
                    recentStarts.pollFirst();
                }
                if (recentStarts.size() >= Math.max(1, (int) Math.floor(settings.ratePerSecond()))) {
                    long retryIn = recentStarts.peekFirst() + 1000 - nowMs;
                    return new Refused("Rate limit towards " + provider + " reached",
                            Duration.ofMillis(Math.max(1, retryIn)));
                }
                recentStarts.addLast(nowMs);
            }
            return null;
        }
    }

    private Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (lock) {
                if (running < settings.maxConcurrent()) {
                    running++;
                } else if (waiting.size() < settings.maxQueued()) {
                    waiting.addLast(() -> emitter.complete(null));
                    return;
                } else {
                    emitter.fail(new Refused("Too many calls waiting for " + provider, Duration.ofSeconds(1)));
                    return;
                }
            }
            emitter.complete(null);
        });
    }

    private void release() {
        Runnable next;
        synchronized (lock) {
            next = waiting.pollFirst();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    private void record(boolean success) {
        synchronized (lock) {
            outcomes.addLast(success);
            while (outcomes.size() > settings.breakerWindow()) {
                outcomes.pollFirst();
            }
            if (outcomes.size() >= settings.breakerWindow()) {
                long failures = outcomes.stream().filter(ok -> !ok).count();
                if (failures >= settings.breakerRatio() * settings.breakerWindow()) {
                    openUntil = Instant.now().plus(settings.breakerOpenFor());
                }
            }
        }
    }

    /** Any failure as a typed provider failure: timeouts and I/O errors are retryable unavailability. */
    ProviderException classify(Throwable failure) {
        if (failure instanceof ProviderException) {
            return (ProviderException) failure;
        }
        if (failure instanceof TimeoutException) {
            return new ProviderException(io.clipizy.contracts.event.ErrorCode.TIMEOUT,
                    provider + " did not answer within " + settings.attemptTimeout().toSeconds() + " s", true, null, failure);
        }
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.VertxException) {
            return ProviderException.unavailable(provider + " could not be reached: " + failure.getMessage(), null, failure);
        }
        return new ProviderException(io.clipizy.contracts.event.ErrorCode.INTERNAL,
                "Unexpected failure calling " + provider + ": " + failure, false, null, failure);
    }
}
