package io.clipizy.gateway.provider.fakes;

/** One request a fake server received, with the moment it arrived (ms since the epoch). */
public record Recorded(String method, String path, String query, String body, String authorization, long atMillis) {
    public String route() {
        return method + " " + path;
    }
}
