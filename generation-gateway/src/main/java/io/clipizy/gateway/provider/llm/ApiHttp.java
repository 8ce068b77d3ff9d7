package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * HTTP plumbing shared by the OpenAI-family and Ollama adapters (chat here, videos in {@code provider.sora}): sending
 * on the JDK client so that cancelling the {@code Uni} aborts the exchange, reading the providers' error bodies (both
 * the wrapped {@code {"error":{...}}} and the unwrapped Azure shapes), mapping statuses to typed failures, the
 * {@code Retry-After} / {@code retry-after-ms} / {@code openai-poll-after-ms} hints, and downloads that never forward
 * credentials across a redirect.
 */
public final class ApiHttp {
    /** Codes the OpenAI and Azure APIs use for content-policy refusals. */
    private static final Set<String> MODERATION_CODES = Set.of("content_filter", "content_policy_violation",
            "moderation_blocked", "responsibleaipolicyviolation", "input_moderation", "output_moderation");
    private static final int MAX_MESSAGE = 300;
    private static final int MAX_REDIRECTS = 5;

    private ApiHttp() {
    }

    /** A client for one provider: HTTP/1.1 (Ollama and most compatible servers speak nothing else), no automatic redirects. */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends asynchronously; cancelling the returned {@code Uni} (a timeout, a cancelled task) aborts the exchange. */
    public static <T> Uni<HttpResponse<T>> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return Uni.createFrom().emitter(emitter -> {
            CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
            emitter.onTermination(() -> future.cancel(true));
            future.whenComplete((response, failure) -> {
                if (failure != null) {
                    emitter.fail(unwrap(failure));
                } else {
                    emitter.complete(response);
                }
            });
        });
    }

    /**
     * Bounds a whole operation by the task's deadline: what is still running then fails as {@code timeout} (and is
     * cancelled, which aborts its HTTP exchange).
     */
    public static <T> Uni<T> withinDeadline(Uni<T> work, java.time.Instant deadline, String what) {
        if (deadline == null) {
            return work;
        }
        Duration left = Duration.between(java.time.Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            return Uni.createFrom().failure(ProviderException.timeout(what + " could not start: the task's deadline has passed"));
        }
        return work.ifNoItem().after(left).failWith(() -> ProviderException.timeout(what + " did not finish before the task's deadline"));
    }

    /** Sends and answers the body as text, whatever the status. */
    public static Uni<HttpResponse<String>> sendForText(HttpClient client, HttpRequest request) {
        return send(client, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Whether the status is a success. */
    public static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * The typed failure for a non-2xx answer: 408/429/5xx are unavailable (with the provider's retry hint), content
     * filter refusals are moderation, everything else is a rejection that quotes the provider's own message.
     */
    public static ProviderException failure(String provider, int status, HttpHeaders headers, String body) {
        String message = errorMessage(body);
        String said = message == null ? "" : ": " + message;
        if (status == 429 || status == 408 || status >= 500) {
            return ProviderException.unavailable(provider + " answered HTTP " + status + said, retryAfter(headers), null);
        }
        if (moderation(body)) {
            return ProviderException.moderation(provider + " refused the request under its content policy" + said);
        }
        if (status == 401 || status == 403) {
            return ProviderException.rejected(provider + " refused the credentials (HTTP " + status
                    + "): check clipizy.providers." + provider + ".api-key" + said);
        }
        return ProviderException.rejected(provider + " rejected the request (HTTP " + status + ")" + said);
    }

    /** The provider's retry hint: {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date. */
    public static Duration retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return null;
        }
        Duration ms = millisHeader(headers, "retry-after-ms");
        if (ms != null) {
            return ms;
        }
        String value = headers.firstValue("retry-after").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.strip()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** The OpenAI Videos API's polling hint ({@code openai-poll-after-ms}), when present. */
    public static Duration pollAfter(HttpHeaders headers) {
        return headers == null ? null : millisHeader(headers, "openai-poll-after-ms");
    }

    private static Duration millisHeader(HttpHeaders headers, String name) {
        String value = headers.firstValue(name).orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(value.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The human message in an error body: {@code {"error":"..."}}, {@code {"error":{"message"}}} or {@code {"message"}}. */
    public static String errorMessage(String body) {
        JsonNode node = tryJson(body);
        if (node == null) {
            return body == null || body.isBlank() ? null : clip(body.strip());
        }
        JsonNode error = node.has("error") ? node.get("error") : node;
        if (error.isTextual()) {
            return clip(error.asText());
        }
        String message = error.path("message").asText(null);
        String code = error.path("code").isValueNode() ? error.path("code").asText(null) : null;
        if (message == null) {
            return code == null ? null : clip(code);
        }
        return clip(code == null || message.contains(code) ? message : message + " (" + code + ")");
    }

    /** Whether an error body is a content-policy refusal, in any of the OpenAI and Azure shapes. */
    public static boolean moderation(String body) {
        JsonNode node = tryJson(body);
        if (node == null) {
            return false;
        }
        JsonNode error = node.has("error") && node.get("error").isObject() ? node.get("error") : node;
        for (JsonNode code : new JsonNode[] {error.path("code"), error.path("type"), error.path("inner_error").path("code"),
                error.path("innererror").path("code")}) {
            if (code.isTextual() && moderationCode(code.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a provider code ({@code failure_reason}, {@code error.code}) means a content-policy refusal. */
    public static boolean moderationCode(String code) {
        return code != null && MODERATION_CODES.contains(code.toLowerCase(java.util.Locale.ROOT));
    }

    /** Parses a 2xx body that must be JSON; anything else is a malformed answer (a rejection: retrying won't help). */
    public static JsonNode json(String provider, String body) {
        JsonNode node = tryJson(body);
        if (node == null || !node.isObject()) {
            throw ProviderException.rejected(provider + " answered with a body that is not the JSON object its API "
                    + "returns" + (body == null || body.isBlank() ? " (empty)" : ": " + clip(body.strip())));
        }
        return node;
    }

    static JsonNode tryJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JsonCodec.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String clip(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }

    /** A file fetched by {@link #download}. */
    public record Download(Path file, String contentType, long sizeBytes) {
    }

    /**
     * Downloads a provider's content into {@code target} (through a temporary file, so a half-written file is never
     * left under the final name). Redirects (to blob storage) are followed without the credentials.
     */
    public static Uni<Download> download(String provider, HttpClient client, HttpRequest request, Path target) {
        return download(provider, client, request, target, 0);
    }

    private static Uni<Download> download(String provider, HttpClient client, HttpRequest request, Path target, int hops) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse.BodyHandler<Object> handler = info -> ok(info.statusCode())
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(partial), path -> (Object) path)
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), s -> (Object) s);
        return send(client, request, handler).chain(response -> {
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                if (hops >= MAX_REDIRECTS) {
                    return Uni.createFrom().failure(ProviderException.rejected(provider + " redirected the download too many times"));
                }
                URI next = request.uri().resolve(response.headers().firstValue("location").get());
                HttpRequest plain = HttpRequest.newBuilder(next).timeout(request.timeout().orElse(Duration.ofMinutes(5)))
                        .GET().build();
                return download(provider, client, plain, target, hops + 1);
            }
            if (status == 404 || status == 410) {
                return Uni.createFrom().failure(ProviderException.rejected(provider + " no longer has this content (HTTP "
                        + status + "): it was deleted or it expired before it could be downloaded"));
            }
            if (!ok(status)) {
                return Uni.createFrom().failure(failure(provider, status, response.headers(), String.valueOf(response.body())));
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                String type = response.headers().firstValue("content-type").orElse("application/octet-stream");
                return Uni.createFrom().item(new Download(target, type.split(";")[0].strip(), Files.size(target)));
            } catch (IOException e) {
                return Uni.createFrom().failure(e);
            }
        });
    }
}
