package io.clipizy.gateway.status;

import java.util.regex.Pattern;

/**
 * Scrubs text that is shown to users (a provider's last error) of anything that looks like a credential: bearer
 * tokens, {@code key=value} pairs whose key names a secret, OpenAI-style keys, and the user-info part of URLs.
 */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)([\"']?\\b[a-z0-9_-]*(api[-_]?key|token|secret|password|passwd|authorization|signature|sig)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"'&,;}]+");
    private static final Pattern KEYS = Pattern.compile("\\b(sk|rk|pk)-[A-Za-z0-9_-]{8,}");
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final int MAX = 300;

    private Redaction() {
    }

    /** The text with credentials replaced by {@code ***} and cut to a readable length; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = BEARER.matcher(text).replaceAll("$1 ***");
        out = NAMED.matcher(out).replaceAll("$1***");
        out = KEYS.matcher(out).replaceAll("***");
        out = USER_INFO.matcher(out).replaceAll("$1***@");
        return out.length() > MAX ? out.substring(0, MAX) + "…" : out;
    }
}
