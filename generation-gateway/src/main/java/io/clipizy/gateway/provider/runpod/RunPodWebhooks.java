package io.clipizy.gateway.provider.runpod;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RunPod jobs this gateway instance is following right now, each with its per-task webhook secret. A webhook only
 * wakes the matching follower, which then re-reads {@code /status}: RunPod's webhooks are unsigned, so their bodies are
 * never trusted, and a wrong secret, an unknown task or a task nobody here follows has no effect at all.
 */
@Singleton
public class RunPodWebhooks {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();

    /** A fresh secret for one task's webhook URL (256 random bits, URL-safe). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Starts listening for a task's webhook; closing the registration stops it. */
    public Registration register(UUID taskId, String secret, Runnable wake) {
        Waiter waiter = new Waiter(secret, wake);
        waiting.put(taskId, waiter);
        return () -> waiting.remove(taskId, waiter);
    }

    /** Wakes the task's follower when the secret matches (compared in constant time); false otherwise. */
    public boolean deliver(UUID taskId, String secret) {
        Waiter waiter = waiting.get(taskId);
        if (waiter == null || secret == null || !MessageDigest.isEqual(
                waiter.secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        waiter.wake.run();
        return true;
    }

    /** A follower's subscription to its webhook. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Waiter(String secret, Runnable wake) {
    }
}
