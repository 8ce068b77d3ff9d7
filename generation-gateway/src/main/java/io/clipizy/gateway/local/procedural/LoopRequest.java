package io.clipizy.gateway.local.procedural;

import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link LoopVideoGenerator} makes: a loop of {@code seconds} from {@code image} with one kind of motion, at a
 * resolution and aspect of the timeline vocabulary — or an explicit even {@code width} × {@code height} (0 × 0: from
 * the resolution and aspect), {@code intensity} from 0 (still) to 1 (strong).
 */
public record LoopRequest(Path image, Motion motion, double seconds, Timeline.Resolution resolution,
                          Timeline.Aspect aspect, int fps, double intensity, int width, int height) {
    public static final double MIN_SECONDS = 1;
    public static final double MAX_SECONDS = 60;
    /** Explicit frame sizes: even (H.264 4:2:0), from 64 up to 4K's long side. */
    public static final int MIN_SIDE = 64;
    public static final int MAX_SIDE = 3840;

    /** A loop at a resolution and aspect of the timeline vocabulary. */
    public LoopRequest(Path image, Motion motion, double seconds, Timeline.Resolution resolution,
                       Timeline.Aspect aspect, int fps, double intensity) {
        this(image, motion, seconds, resolution, aspect, fps, intensity, 0, 0);
    }

    public LoopRequest {
        if (image == null) {
            throw new InvalidInputException("image is required: the picture to set in motion");
        }
        if (motion == null) {
            motion = Motion.ZOOM;
        }
        if (resolution == null) {
            resolution = Timeline.Resolution.P720;
        }
        if (aspect == null) {
            aspect = Timeline.Aspect.LANDSCAPE;
        }
        if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
            throw new InvalidInputException("seconds must be between " + (int) MIN_SECONDS + " and "
                    + (int) MAX_SECONDS + " (got " + seconds + ")");
        }
        if (fps < 12 || fps > 60) {
            throw new InvalidInputException("fps must be between 12 and 60 (got " + fps + ")");
        }
        if (!(intensity >= 0 && intensity <= 1)) {
            throw new InvalidInputException("intensity must be between 0 and 1 (got " + intensity + ")");
        }
        if (width != 0 || height != 0) {
            if (width < MIN_SIDE || width > MAX_SIDE || height < MIN_SIDE || height > MAX_SIDE) {
                throw new InvalidInputException("width and height must each be between " + MIN_SIDE + " and "
                        + MAX_SIDE + " (got " + width + "x" + height + ")");
            }
            if (width % 2 != 0 || height % 2 != 0) {
                throw new InvalidInputException("width and height must be even for H.264 (got " + width + "x"
                        + height + ")");
            }
        }
    }

    /** The frame's width: the explicit one, else the aspect's at the resolution. */
    public int frameWidth() {
        return width > 0 ? width : aspect.width(resolution);
    }

    /** The frame's height: the explicit one, else the aspect's at the resolution. */
    public int frameHeight() {
        return height > 0 ? height : aspect.height(resolution);
    }

    /** The loop's frame count: whole frames, at least two so the first can be repeated at the end. */
    public int frames() {
        return Math.max(2, (int) Math.round(seconds * fps));
    }

    /** The kinds of loopable motion. */
    public enum Motion {
        /** Slow push in and back out. */
        ZOOM,
        /** A drift across the picture and back. */
        PAN,
        /** The sharp picture floats over a blurred, larger copy of itself, the two layers moving opposite ways. */
        PARALLAX,
        /** The hues swing around their original and back, over a gentle zoom. */
        COLOR_CYCLE;

        /** The motion named {@code name} (any case, {@code colour_cycle} too); unknown names are invalid input. */
        public static Motion fromString(String name) {
            if (name == null || name.isBlank()) {
                return ZOOM;
            }
            String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace("COLOUR", "COLOR");
            try {
                return valueOf(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("motion '" + name + "' is not one of zoom, pan, parallax, color_cycle");
            }
        }
    }
}
