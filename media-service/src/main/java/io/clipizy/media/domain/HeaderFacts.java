package io.clipizy.media.domain;

/** What a file's header states about its content: picture size, or playing time; null where it does not say. */
public record HeaderFacts(Integer width, Integer height, Double durationSeconds) {
    public static final HeaderFacts NONE = new HeaderFacts(null, null, null);

    public static HeaderFacts size(int width, int height) {
        return width > 0 && height > 0 ? new HeaderFacts(width, height, null) : NONE;
    }

    public static HeaderFacts duration(double seconds) {
        return seconds >= 0 && Double.isFinite(seconds) ? new HeaderFacts(null, null, seconds) : NONE;
    }
}
