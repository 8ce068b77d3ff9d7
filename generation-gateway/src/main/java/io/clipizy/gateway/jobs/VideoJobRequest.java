package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/v1/videos/jobs}: a prompt, how many variants (1–4), their length (up to 20 s) and size, and
 * optionally the provider. Absent numbers take the defaults of the original API: one 5-second 1280×720 variant.
 */
public record VideoJobRequest(String prompt,
                              @JsonProperty("n_variants") Integer nVariants,
                              @JsonProperty("n_seconds") Double nSeconds,
                              Integer width,
                              Integer height,
                              String provider) {
    public static final int MAX_PROMPT = 4000;

    /** Checks every field at once; a 400 problem names each failing one. */
    void validate() {
        new Violations()
                .text("prompt", prompt, MAX_PROMPT)
                .range("n_variants", nVariants, 1, 4)
                .range("n_seconds", nSeconds, 1, 20)
                .evenPixels("width", width, 128, 3840)
                .evenPixels("height", height, 128, 3840)
                .providerName("provider", provider)
                .throwIfAny();
    }

    int variants() {
        return nVariants == null ? 1 : nVariants;
    }

    double seconds() {
        return nSeconds == null ? 5 : nSeconds;
    }

    int widthOrDefault() {
        return width == null ? 1280 : width;
    }

    int heightOrDefault() {
        return height == null ? 720 : height;
    }
}
