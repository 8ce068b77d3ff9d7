package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProviderException;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How the HTTP adapters (ComfyUI, RunPod) read an answer: the status classified as the task's error code (429, 408 and
 * 5xx are retryable unavailability with the provider's {@code Retry-After}; other 4xx are rejections) and the body
 * parsed as JSON, a malformed body being a rejection. Error texts are the provider's own message, cut short, never
 * a header or a URL with a credential.
 */
public final class ProviderHttp {
    private static final int MAX_MESSAGE = 300;

    private ProviderHttp() {
    }

    /** The answer's JSON body when its status is 2xx; otherwise the typed failure. */
    public static JsonNode json(String provider, String what, HttpResponse<Buffer> response) {
        requireSuccess(provider, what, response);
        return parse(provider, what, response.body());
    }

    /** Fails with the typed failure unless the status is 2xx. */
    public static void requireSuccess(String provider, String what, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw failure(provider, what, status, response.getHeader("Retry-After"), response.body());
    }

    /** A non-2xx status as the task's typed failure. */
    public static ProviderException failure(String provider, String what, int status, String retryAfter, Buffer body) {
        String detail = provider + " answered " + status + " to " + what + errorText(body);
        if (status == 429 || status == 408 || status >= 500) {
            return ProviderException.unavailable(detail, retryAfter(retryAfter), null);
        }
        if (status == 401 || status == 403) {
            return ProviderException.rejected(provider + " refused the credentials (" + status + ") for " + what
                    + "; check its api key / token");
        }
        return ProviderException.rejected(detail);
    }

    /** Parses a body as JSON; an empty or malformed body is a rejection (the provider broke its contract). */
    public static JsonNode parse(String provider, String what, Buffer body) {
        if (body == null || body.length() == 0) {
            throw ProviderException.rejected(provider + " sent an empty answer to " + what);
        }
        try {
            return JsonCodec.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            throw ProviderException.rejected(provider + " sent a malformed answer to " + what + " (not JSON)");
        }
    }

    /** The provider's error message from a body such as {@code {"error":"..."}} or {@code {"error":{"message"}}}. */
    static String errorText(Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        String text;
        try {
            JsonNode json = JsonCodec.mapper().readTree(body.getBytes());
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                text = error.asText();
            } else if (error.isObject() && error.path("message").isTextual()) {
                text = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                text = json.path("message").asText();
            } else {
                text = json.toString();
            }
        } catch (IOException e) {
            text = body.toString();
        }
        return ": " + shorten(text);
    }

    /** A provider text cut to a length fit for a task's error message. */
    public static String shorten(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE) + "…";
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
