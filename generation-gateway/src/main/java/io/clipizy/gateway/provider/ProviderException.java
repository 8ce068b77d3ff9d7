package io.clipizy.gateway.provider;

import io.clipizy.contracts.event.ErrorCode;
import java.time.Duration;

/**
 * A provider failure with the error code the task ends with. {@code retryable} says whether trying again (the same
 * provider later, or the next one in the routing order) may succeed; {@code retryAfter} carries the provider's hint.
 */
public class ProviderException extends RuntimeException {
    private final ErrorCode code;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(ErrorCode code, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** 429, 5xx, connection refused, a dropped WebSocket: try again later or elsewhere. */
    public static ProviderException unavailable(String message, Duration retryAfter, Throwable cause) {
        return new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, message, true, retryAfter, cause);
    }

    /** The provider refused the request as such (4xx other than 429, a malformed answer, a lost job). */
    public static ProviderException rejected(String message) {
        return new ProviderException(ErrorCode.PROVIDER_REJECTED, message, false, null, null);
    }

    public static ProviderException moderation(String message) {
        return new ProviderException(ErrorCode.MODERATION, message, false, null, null);
    }

    public static ProviderException timeout(String message) {
        return new ProviderException(ErrorCode.TIMEOUT, message, true, null, null);
    }

    public static ProviderException invalidInput(String message) {
        return new ProviderException(ErrorCode.INVALID_INPUT, message, false, null, null);
    }
}
