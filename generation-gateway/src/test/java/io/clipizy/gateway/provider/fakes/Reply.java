package io.clipizy.gateway.provider.fakes;

/** A canned answer a fake server gives instead of its normal behaviour: a status and body, or no answer at all. */
public record Reply(int status, String body, String retryAfter, boolean hangs) {
    public static Reply status(int status, String body) {
        return new Reply(status, body, null, false);
    }

    public static Reply tooManyRequests(String retryAfterSeconds) {
        return new Reply(429, "{\"error\":\"Too Many Requests\"}", retryAfterSeconds, false);
    }

    /** Accepts the request and never answers (a hung server). */
    public static Reply hang() {
        return new Reply(0, null, null, true);
    }
}
