package io.clipizy.gateway.local.procedural;

import io.clipizy.gateway.local.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link ImageGenerator} draws: a prompt, a style, a size, a seed, optional brand colours ({@code #rrggbb}) that
 * replace the derived palette, and an optional reference image to restyle instead of drawing a scene.
 */
public record ImageRequest(String prompt, Style style, int width, int height, long seed, List<String> palette,
                           Path reference) {
    /** The smallest and largest side, in pixels, the generator accepts. */
    public static final int MIN_SIDE = 16;
    public static final int MAX_SIDE = 8192;
    /** The largest picture, in pixels, so one request cannot take hundreds of megabytes of heap. */
    public static final long MAX_PIXELS = 40_000_000L;

    public ImageRequest {
        prompt = prompt == null ? "" : prompt;
        if (style == null) {
            style = Style.CINEMATIC;
        }
        palette = palette == null ? List.of() : List.copyOf(palette);
        if (width < MIN_SIDE || width > MAX_SIDE) {
            throw new InvalidInputException("width must be between " + MIN_SIDE + " and " + MAX_SIDE
                    + " pixels (got " + width + ")");
        }
        if (height < MIN_SIDE || height > MAX_SIDE) {
            throw new InvalidInputException("height must be between " + MIN_SIDE + " and " + MAX_SIDE
                    + " pixels (got " + height + ")");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new InvalidInputException("width x height must be at most " + MAX_PIXELS + " pixels (got "
                    + (long) width * height + ")");
        }
        if (palette.size() > 12) {
            throw new InvalidInputException("palette may hold at most 12 colours (got " + palette.size() + ")");
        }
        for (String colour : palette) {
            if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
                throw new InvalidInputException("palette colour '" + colour + "' is not of the form #rrggbb");
            }
        }
    }

    /** The visual styles the original product offered. */
    public enum Style {
        CINEMATIC, ANIMATED, REALISTIC, ABSTRACT, MINIMALIST, VINTAGE;

        /** The style named {@code name} (any case); an unknown name is invalid input that lists the known ones. */
        public static Style fromString(String name) {
            if (name == null || name.isBlank()) {
                return CINEMATIC;
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("style '" + name + "' is not one of cinematic, animated, realistic, "
                        + "abstract, minimalist, vintage");
            }
        }
    }
}
