package io.clipizy.gateway.ratelimit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-user token buckets of this instance. In memory: with several gateway instances behind a load balancer each
 * enforces the limit on its own share of the traffic (a user may get up to N times the burst across N instances);
 * that is accepted for a limit whose job is to stop runaway clients, not to meter billing (billing reserves credits
 * per task).
 */
@ApplicationScoped
public class RateLimiter {
    /** The endpoint groups that share a bucket. */
    public enum Group {
        TASKS, JOBS
    }

    @Inject
    RateLimitConfig config;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token for the user in the group; answers {@link Duration#ZERO} when admitted, else the wait. */
    public Duration acquire(String userId, Group group) {
        if (!config.enabled()) {
            return Duration.ZERO;
        }
        RateLimitConfig.Bucket settings = group == Group.TASKS ? config.tasks() : config.jobs();
        long now = System.nanoTime();
        TokenBucket bucket = buckets.computeIfAbsent(group + ":" + userId,
                key -> new TokenBucket(settings.burst(), settings.ratePerSecond(), now));
        return Duration.ofNanos(bucket.tryTake(now));
    }

    /** Forgets buckets of users who have been quiet long enough for their bucket to be full again. */
    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictIdle() {
        long now = System.nanoTime();
        long idle = config.idleEviction().toNanos();
        buckets.values().removeIf(bucket -> bucket.idle(now, idle));
    }
}
