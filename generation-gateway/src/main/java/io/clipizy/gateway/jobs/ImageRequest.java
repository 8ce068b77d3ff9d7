package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/v1/images/generate}: a prompt, how many images (1–4), their size, optionally a style and the
 * provider. Defaults: one 1024×1024 image.
 */
public record ImageRequest(String prompt,
                           @JsonProperty("n_images") Integer nImages,
                           Integer width,
                           Integer height,
                           String style,
                           String provider) {
    void validate() {
        Violations v = new Violations()
                .text("prompt", prompt, VideoJobRequest.MAX_PROMPT)
                .range("n_images", nImages, 1, 4)
                .evenPixels("width", width, 128, 4096)
                .evenPixels("height", height, 128, 4096)
                .providerName("provider", provider);
        if (style != null && (style.isBlank() || style.length() > 64)) {
            v.add("style", "must be 1 to 64 characters");
        }
        v.throwIfAny();
    }

    int images() {
        return nImages == null ? 1 : nImages;
    }

    int widthOrDefault() {
        return width == null ? 1024 : width;
    }

    int heightOrDefault() {
        return height == null ? 1024 : height;
    }
}
