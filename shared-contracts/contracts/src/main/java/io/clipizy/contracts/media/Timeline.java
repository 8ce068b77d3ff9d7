package io.clipizy.contracts.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.Require;
import java.util.List;

/**
 * A video to render: output resolution, aspect and frame rate; visual clips on one track (image, video or colour
 * sources with motion and a transition in); timed text overlays; and an optional sound track. Times are seconds from
 * the start of the video; assets are references the renderer resolves to files (media ids, or names of files it was
 * handed).
 */
public record Timeline(Resolution resolution, Aspect aspect, Integer fps, Double duration, String preset, Integer crf,
                       AudioTrack audio, List<Clip> clips, List<TextOverlay> texts) {

    /** The longest video a timeline may describe: 4 hours. */
    public static final double MAX_DURATION = 4 * 3600.0;

    public Timeline {
        Require.present(resolution, "resolution");
        Require.present(aspect, "aspect");
        Require.between(fps, 1, 120, "fps");
        Require.between(duration, 0.04, MAX_DURATION, "duration");
        Require.optionalText(preset, "preset");
        Require.optionalBetween(crf, 0, 51, "crf");
        clips = clips == null ? List.of() : List.copyOf(clips);
        texts = texts == null ? List.of() : List.copyOf(texts);
    }

    /** One visual on the video track, shown from {@code start} for {@code duration} seconds. */
    public record Clip(Source source, Double start, Double duration, Fit fit, Motion motion, Transition transition) {
        public Clip {
            Require.present(source, "source");
            Require.atLeast(start, 0, "start");
            Require.above(duration, 0, "duration");
        }
    }

    /**
     * What a clip shows: an image or a video asset (from {@code offset} seconds into it), or a plain colour
     * ({@code #rrggbb} or a colour name).
     */
    public record Source(SourceKind kind, String asset, String color, Double offset) {
        public Source {
            Require.present(kind, "kind");
            Require.optionalText(asset, "asset");
            Require.optionalText(color, "color");
            if (offset != null) {
                Require.atLeast(offset, 0, "offset");
            }
            if (kind != SourceKind.COLOR && asset == null) {
                throw new ContractViolationException("asset", "missing required field 'asset' (an " + kind.wire()
                        + " source names the asset it shows)");
            }
        }
    }

    /**
     * Movement over a clip: a zoom or a pan of the given {@code strength} (0..1, the share of the frame travelled), a
     * pulse (a short zoom kick) at each of {@code pulseTimes}, and a hue rotation of {@code hueShift} degrees over the
     * clip.
     */
    public record Motion(MotionKind kind, Double strength, List<Double> pulseTimes, Double hueShift) {
        public Motion {
            Require.present(kind, "kind");
            Require.optionalBetween(strength, 0, 1, "strength");
            pulseTimes = pulseTimes == null ? List.of() : List.copyOf(pulseTimes);
            Require.optionalBetween(hueShift, -360, 360, "hueShift");
        }
    }

    /** How a clip enters from the one before it; {@code duration} seconds (0.5 when absent) for the non-cut kinds. */
    public record Transition(TransitionKind kind, Double duration) {
        public Transition {
            Require.present(kind, "kind");
            Require.optionalBetween(duration, 0, 10, "duration");
        }
    }

    /**
     * The sound track: an audio asset from {@code trimStart} (to {@code trimEnd} when given), with fades in and out
     * (seconds) and a gain factor; it is cut or padded with silence to the video's duration.
     */
    public record AudioTrack(String asset, Double trimStart, Double trimEnd, Double fadeIn, Double fadeOut,
                             Double volume) {
        public AudioTrack {
            Require.text(asset, "asset");
            Require.optionalBetween(trimStart, 0, MAX_DURATION, "trimStart");
            Require.optionalBetween(trimEnd, 0, MAX_DURATION, "trimEnd");
            Require.optionalBetween(fadeIn, 0, 60, "fadeIn");
            Require.optionalBetween(fadeOut, 0, 60, "fadeOut");
            Require.optionalBetween(volume, 0, 4, "volume");
        }
    }

    /**
     * A caption shown from {@code start} for {@code duration} seconds: its font (a font file name or family the
     * renderer knows; a sans-serif when absent), size in pixels at 1080p (scaled with the output), position, fill
     * colour and outline.
     */
    public record TextOverlay(String text, Double start, Double duration, String font, Integer size,
                              TextPosition position, String color, String outlineColor, Integer outlineWidth) {
        public TextOverlay {
            Require.text(text, "text");
            Require.atLeast(start, 0, "start");
            Require.above(duration, 0, "duration");
            Require.optionalText(font, "font");
            Require.optionalBetween(size, 6, 400, "size");
            Require.optionalText(color, "color");
            Require.optionalText(outlineColor, "outlineColor");
            Require.optionalBetween(outlineWidth, 0, 20, "outlineWidth");
        }
    }

    /** Output height class: the short side of the frame is 720, 1080 or 2160 pixels. */
    public enum Resolution {
        P720("720p", 720), P1080("1080p", 1080), P2160("2160p", 2160);

        private final String wire;
        private final int shortSide;

        Resolution(String wire, int shortSide) {
            this.wire = wire;
            this.shortSide = shortSide;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** Pixels of the frame's short side. */
        public int shortSide() {
            return shortSide;
        }

        @JsonCreator
        public static Resolution fromWire(String value) {
            return Wire.find(values(), Resolution::wire, value, "resolution");
        }
    }

    /** Frame shape: landscape 16:9, portrait 9:16 or square. */
    public enum Aspect {
        LANDSCAPE("16:9", 16, 9), PORTRAIT("9:16", 9, 16), SQUARE("1:1", 1, 1);

        private final String wire;
        private final int width;
        private final int height;

        Aspect(String wire, int width, int height) {
            this.wire = wire;
            this.width = width;
            this.height = height;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** Frame width in pixels for a resolution: the short side scaled by the aspect, rounded to even. */
        public int width(Resolution resolution) {
            return even((long) resolution.shortSide() * width / Math.min(width, height));
        }

        /** Frame height in pixels for a resolution. */
        public int height(Resolution resolution) {
            return even((long) resolution.shortSide() * height / Math.min(width, height));
        }

        private static int even(long pixels) {
            return (int) (pixels + (pixels & 1));
        }

        @JsonCreator
        public static Aspect fromWire(String value) {
            return Wire.find(values(), Aspect::wire, value, "aspect");
        }
    }

    /** What a clip's source is. */
    public enum SourceKind {
        IMAGE("image"), VIDEO("video"), COLOR("color");

        private final String wire;

        SourceKind(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static SourceKind fromWire(String value) {
            return Wire.find(values(), SourceKind::wire, value, "source kind");
        }
    }

    /** How a source fills the frame: {@code cover} crops to fill it, {@code contain} shows all of it on black. */
    public enum Fit {
        COVER("cover"), CONTAIN("contain");

        private final String wire;

        Fit(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Fit fromWire(String value) {
            return Wire.find(values(), Fit::wire, value, "fit");
        }
    }

    /** The base movement of a clip. */
    public enum MotionKind {
        NONE("none"), ZOOM_IN("zoom_in"), ZOOM_OUT("zoom_out"), PAN_LEFT("pan_left"), PAN_RIGHT("pan_right"),
        PAN_UP("pan_up"), PAN_DOWN("pan_down");

        private final String wire;

        MotionKind(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static MotionKind fromWire(String value) {
            return Wire.find(values(), MotionKind::wire, value, "motion kind");
        }
    }

    /** How a clip enters. */
    public enum TransitionKind {
        CUT("cut"), CROSSFADE("crossfade"), DIP_TO_BLACK("dip_to_black");

        private final String wire;

        TransitionKind(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static TransitionKind fromWire(String value) {
            return Wire.find(values(), TransitionKind::wire, value, "transition kind");
        }
    }

    /** Where a caption sits. */
    public enum TextPosition {
        TOP("top"), CENTER("center"), BOTTOM("bottom");

        private final String wire;

        TextPosition(String wire) {
            this.wire = wire;
        }

        /** The value as written in JSON. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static TextPosition fromWire(String value) {
            return Wire.find(values(), TextPosition::wire, value, "text position");
        }
    }
}
