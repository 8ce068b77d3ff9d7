package io.clipizy.media.domain;

/**
 * What was measured from an asset's bytes: playing time, picture size and frame rate, the codecs of its first video and
 * audio streams, and the audio sample rate; null where the media has no such thing or it could not be measured.
 */
public record MediaFacts(Double durationSeconds, Integer width, Integer height, Double fps, String videoCodec,
                         String audioCodec, Integer sampleRate) {
    public static final MediaFacts NONE = new MediaFacts(null, null, null, null, null, null, null);

    /** The facts a file's header states (picture size, WAV playing time). */
    public static MediaFacts of(HeaderFacts header) {
        return new MediaFacts(header.durationSeconds(), header.width(), header.height(), null, null, null, null);
    }
}
