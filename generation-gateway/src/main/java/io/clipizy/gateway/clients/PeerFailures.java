package io.clipizy.gateway.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How the gateway reads failures of its calls to the suite's other services: the HTTP status, the problem's
 * {@code detail}, and whether trying again may help (no answer, 5xx, 429; a 401 once the token was renewed).
 */
final class PeerFailures {
    private PeerFailures() {
    }

    /** The HTTP status of a failed call, or 0 when there was no answer. */
    static int status(Throwable failure) {
        return failure instanceof WebApplicationException w && w.getResponse() != null ? w.getResponse().getStatus() : 0;
    }

    /** Whether a call that failed this way may succeed when repeated. */
    static boolean transient_(Throwable failure) {
        int status = status(failure);
        if (status == 0) {
            return failure instanceof ProcessingException || failure instanceof IOException
                    || failure instanceof TimeoutException || failure instanceof io.vertx.core.VertxException
                    || failure.getCause() instanceof IOException;
        }
        return status == 401 || status == 429 || status >= 500;
    }

    /** The {@code detail} of a problem answer, or null. */
    static String detail(Throwable failure) {
        if (!(failure instanceof WebApplicationException w) || w.getResponse() == null) {
            return null;
        }
        try {
            String body = w.getResponse().readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            JsonNode problem = JsonCodec.decode(body, JsonNode.class);
            return problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Runs the call, repeating it after a transient failure up to {@code retries} times with exponential backoff and
     * jitter; a 401 first forgets the token so the repeat fetches a new one.
     */
    static <T> Uni<T> withRetries(Supplier<Uni<T>> call, int retries, Duration backoff, ServiceTokens tokens) {
        return attempt(call, 0, retries, backoff, tokens);
    }

    private static <T> Uni<T> attempt(Supplier<Uni<T>> call, int attempt, int retries, Duration backoff,
                                      ServiceTokens tokens) {
        return Uni.createFrom().<T>deferred(() -> call.get()).onFailure().recoverWithUni(failure -> {
            if (!transient_(failure) || attempt >= retries) {
                return Uni.createFrom().failure(failure);
            }
            if (status(failure) == 401) {
                tokens.invalidate();
            }
            long base = backoff.toMillis() << Math.min(attempt, 10);
            long wait = ThreadLocalRandom.current().nextLong(base / 2, base + 1);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait))
                    .chain(() -> attempt(call, attempt + 1, retries, backoff, tokens));
        });
    }
}
