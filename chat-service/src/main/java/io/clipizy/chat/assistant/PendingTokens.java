package io.clipizy.chat.assistant;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The person's bearer token, held in memory (never stored or logged) while the LLM reads their message, so the
 * answer that comes back on task.events can ask billing for the estimate in their name. Entries expire with the LLM
 * wait; a lost entry only means the summary goes without an estimate.
 */
@ApplicationScoped
public class PendingTokens {
    private record Held(String authorization, Instant until) {
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    void hold(UUID chatId, String authorization, Duration ttl) {
        Instant now = Instant.now();
        held.values().removeIf(h -> h.until().isBefore(now));
        held.put(chatId, new Held(authorization, now.plus(ttl)));
    }

    /** The held token of the chat, if still valid; it stays held for a re-ask until {@link #release}. */
    String peek(UUID chatId) {
        Held h = held.get(chatId);
        return h == null || h.until().isBefore(Instant.now()) ? null : h.authorization();
    }

    void release(UUID chatId) {
        held.remove(chatId);
    }
}
