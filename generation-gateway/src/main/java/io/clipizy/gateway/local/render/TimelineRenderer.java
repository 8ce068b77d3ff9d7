package io.clipizy.gateway.local.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import io.clipizy.contracts.event.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link Timeline} with one FFmpeg run: every clip (and every gap, as black) becomes a chain of exactly its
 * number of frames (an image is decoded, fitted and converted to yuv420p once, then repeated), chains are joined by cuts, dips to black or
 * crossfades (the clip before is extended by the crossfade's length, so the total stays exact), captions are drawn on
 * top, and the sound track is trimmed, faded and padded to the video's length. Output: H.264 yuv420p + AAC in an MP4
 * with faststart, written next to the target and moved into place only when complete.
 */
public final class TimelineRenderer {
    private static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");
    private static final double DEFAULT_TRANSITION = 0.5;
    private static final double DEFAULT_MOTION = 0.15;
    private static final double EPSILON = 1e-6;

    private final Ffmpeg ffmpeg;
    private final Path workDir;
    private final String defaultPreset;
    private final int defaultCrf;

    public TimelineRenderer(Ffmpeg ffmpeg, Path workDir, String defaultPreset, int defaultCrf) {
        this.ffmpeg = ffmpeg;
        this.workDir = workDir;
        this.defaultPreset = defaultPreset;
        this.defaultCrf = defaultCrf;
    }

    /** What was rendered: the file, its frame count and size. */
    public record Rendered(Path file, long frames, double durationSeconds, int width, int height) {
    }

    /** Reads a timeline from JSON; a contract violation is an {@link InvalidInputException} naming the field. */
    public static Timeline parse(JsonNode json) {
        try {
            return JsonCodec.convert(json, Timeline.class);
        } catch (ContractViolationException e) {
            throw new InvalidInputException("The timeline is invalid: " + e.getMessage(), e);
        }
    }

    public Rendered render(Timeline timeline, AssetResolver assets, Path output, Cancellation cancellation,
                           ProgressListener progress) {
        Plan plan = plan(timeline, assets, cancellation);
        Path scratch = null;
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial.mp4");
        try {
            Files.createDirectories(workDir);
            scratch = Files.createTempDirectory(workDir, "render-");
            Path graph = scratch.resolve("graph.txt");
            Files.writeString(graph, graph(timeline, plan, scratch));
            List<String> args = new ArrayList<>(plan.inputs);
            String preset = timeline.preset() == null ? defaultPreset : timeline.preset();
            int crf = timeline.crf() == null ? defaultCrf : timeline.crf();
            args.addAll(List.of("-/filter_complex", graph.toString(), "-map", "[vout]", "-map", "[aout]",
                    "-c:v", "libx264", "-preset", preset, "-crf", String.valueOf(crf), "-pix_fmt", "yuv420p",
                    "-r", String.valueOf(timeline.fps()), "-frames:v", String.valueOf(plan.totalFrames),
                    "-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-movflags", "+faststart", "-f", "mp4",
                    partial.toString()));
            ffmpeg.run(args, plan.totalFrames / (double) timeline.fps(), cancellation, progress);
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Rendered(output, plan.totalFrames, plan.totalFrames / (double) timeline.fps(), plan.width,
                    plan.height);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot write the render's files: " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            deleteTree(scratch);
        }
    }

    /** One stretch of the video track: a clip or a black gap, with its frames and how it enters. */
    private record Segment(Timeline.Clip clip, int input, int frames, int extension, int crossfadeIn, int fadeIn,
                           int fadeOut) {
        Segment withExtension(int more) {
            return new Segment(clip, input, frames, extension + more, crossfadeIn, fadeIn, fadeOut);
        }

        Segment withFadeOut(int count) {
            return new Segment(clip, input, frames, extension, crossfadeIn, fadeIn, count);
        }

        int length() {
            return frames + extension;
        }
    }

    private static final class Plan {
        final List<String> inputs = new ArrayList<>();
        final List<Segment> segments = new ArrayList<>();
        int inputCount;
        int audioInput = -1;
        double audioLength;
        long totalFrames;
        int width;
        int height;
    }

    private Plan plan(Timeline t, AssetResolver assets, Cancellation cancellation) {
        Plan plan = new Plan();
        Set<Path> checked = new java.util.HashSet<>();
        plan.width = t.aspect().width(t.resolution());
        plan.height = t.aspect().height(t.resolution());
        int fps = t.fps();
        plan.totalFrames = Math.round(t.duration() * fps);
        if (t.preset() != null && !PRESETS.contains(t.preset())) {
            throw new InvalidInputException("The timeline's preset '" + t.preset() + "' is not an x264 preset; use one "
                    + "of " + String.join(", ", PRESETS.stream().sorted().toList()));
        }
        List<Timeline.Clip> clips = new ArrayList<>(t.clips());
        clips.sort(Comparator.comparingDouble(Timeline.Clip::start));
        long cursor = 0;
        double previousEnd = 0;
        for (int i = 0; i < clips.size(); i++) {
            Timeline.Clip clip = clips.get(i);
            double end = clip.start() + clip.duration();
            String name = "clip " + (t.clips().indexOf(clip) + 1);
            if (end > t.duration() + EPSILON) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s ends at %.3f s, after the end of the "
                        + "video (%.3f s); shorten it or lengthen the video", name, end, t.duration()));
            }
            if (i > 0 && clip.start() < previousEnd - EPSILON) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s starts at %.3f s, before the clip "
                        + "before it ends (%.3f s); clips on the track must not overlap", name, clip.start(), previousEnd));
            }
            previousEnd = end;
            long startFrame = Math.round(clip.start() * fps);
            long endFrame = Math.min(plan.totalFrames, Math.round(end * fps));
            if (startFrame > cursor) {
                plan.segments.add(new Segment(null, -1, (int) (startFrame - cursor), 0, 0, 0, 0));
            }
            if (endFrame <= startFrame) {
                throw new InvalidInputException(name + " is shorter than one frame at " + fps + " fps");
            }
            int input = -1;
            Timeline.Source source = clip.source();
            if (source.kind() != Timeline.SourceKind.COLOR) {
                Path file = assets.resolve(source.asset()).orElseThrow(() -> new InvalidInputException(
                        name + " shows the asset '" + source.asset() + "', which was not found; upload it again or "
                                + "remove the clip"));
                if (checked.add(file)) {
                    // an input FFmpeg cannot decode must fail here, as the person's mistake, not deep in the render
                    ffmpeg.requireDecodablePicture(file, name + "'s " + (source.kind() == Timeline.SourceKind.VIDEO
                            ? "video" : "image") + " '" + source.asset() + "'", cancellation);
                }
                input = plan.inputCount++;
                if (source.kind() == Timeline.SourceKind.VIDEO) {
                    double offset = source.offset() == null ? 0 : source.offset();
                    plan.inputs.addAll(List.of("-ss", num(offset), "-i", file.toString()));
                } else {
                    plan.inputs.addAll(List.of("-i", file.toString()));
                }
            }
            addClip(plan, clip, input, (int) (endFrame - startFrame), fps);
            cursor = endFrame;
        }
        if (cursor < plan.totalFrames) {
            plan.segments.add(new Segment(null, -1, (int) (plan.totalFrames - cursor), 0, 0, 0, 0));
        }
        if (t.audio() != null) {
            Path file = assets.resolve(t.audio().asset()).orElseThrow(() -> new InvalidInputException(
                    "The sound track's asset '" + t.audio().asset() + "' was not found; upload it again"));
            MediaProbe probe = ffmpeg.probe(file, "audio");
            if (probe.audio() == null) {
                throw new InvalidInputException("The sound track '" + t.audio().asset() + "' has no audio");
            }
            double trimStart = t.audio().trimStart() == null ? 0 : t.audio().trimStart();
            double available = Double.isNaN(probe.durationSeconds()) ? t.duration() : probe.durationSeconds() - trimStart;
            double wanted = t.audio().trimEnd() == null ? available : t.audio().trimEnd() - trimStart;
            if (wanted <= 0) {
                throw new InvalidInputException("The sound track's trim leaves no audio (trimStart " + num(trimStart)
                        + " s, trimEnd " + t.audio().trimEnd() + " s)");
            }
            plan.audioLength = Math.min(Math.min(available, wanted), t.duration());
            plan.audioInput = plan.inputCount++;
            plan.inputs.addAll(List.of("-ss", num(trimStart), "-t", num(plan.audioLength), "-i", file.toString()));
        }
        return plan;
    }

    private static void addClip(Plan plan, Timeline.Clip clip, int input, int frames, int fps) {
        Timeline.Transition transition = clip.transition();
        int crossfade = 0;
        int fadeIn = 0;
        List<Segment> segments = plan.segments;
        Segment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (transition != null && transition.kind() != Timeline.TransitionKind.CUT) {
            double seconds = transition.duration() == null ? DEFAULT_TRANSITION : transition.duration();
            int length = (int) Math.round(seconds * fps);
            if (transition.kind() == Timeline.TransitionKind.CROSSFADE && previous != null && previous.clip() != null) {
                crossfade = Math.min(length, Math.min(previous.frames(), frames) - 1);
                if (crossfade > 0) {
                    segments.set(segments.size() - 1, previous.withExtension(crossfade));
                }
            } else if (transition.kind() == Timeline.TransitionKind.DIP_TO_BLACK && previous != null) {
                int half = Math.min(length / 2, Math.min(previous.frames(), frames) / 2);
                segments.set(segments.size() - 1, previous.withFadeOut(half));
                fadeIn = half;
            } else {
                fadeIn = Math.min(length, frames);
            }
        }
        segments.add(new Segment(clip, input, frames, 0, Math.max(0, crossfade), fadeIn, 0));
    }

    private String graph(Timeline t, Plan plan, Path scratch) throws IOException {
        int fps = t.fps();
        StringBuilder g = new StringBuilder();
        List<Segment> segments = plan.segments;
        for (int i = 0; i < segments.size(); i++) {
            g.append(chain(segments.get(i), plan.width, plan.height, fps, t.duration(), i)).append(";\n");
        }
        String acc = "s0";
        long accFrames = segments.get(0).length();
        for (int i = 1; i < segments.size(); i++) {
            Segment s = segments.get(i);
            String next = "j" + i;
            if (s.crossfadeIn() > 0) {
                g.append(String.format(Locale.ROOT, "[%s][s%d]xfade=transition=fade:duration=%s:offset=%s[%s];\n",
                        acc, i, num(s.crossfadeIn() / (double) fps), num((accFrames - s.crossfadeIn()) / (double) fps),
                        next));
                accFrames += s.length() - s.crossfadeIn();
            } else {
                // concat's output carries no frame rate of its own: restated, so that an xfade after it (which
                // needs both inputs at the same rate and time base) can be configured
                g.append(String.format("[%s][s%d]concat=n=2:v=1:a=0,settb=1/%d,fps=%d[%s];\n", acc, i, fps, fps, next));
                accFrames += s.length();
            }
            acc = next;
        }
        g.append('[').append(acc).append(']');
        g.append(captions(t, plan, scratch));
        g.append("trim=end_frame=").append(plan.totalFrames).append(",format=yuv420p[vout];\n");
        g.append(audio(t, plan));
        return g.toString();
    }

    private static String chain(Segment s, int width, int height, int fps, double total, int index) {
        int frames = s.length();
        StringBuilder c = new StringBuilder();
        Timeline.Clip clip = s.clip();
        Timeline.Motion motion = clip == null ? null : clip.motion();
        boolean moving = motion != null && (motion.kind() != Timeline.MotionKind.NONE || !motion.pulseTimes().isEmpty());
        boolean panning = moving && motion.kind().name().startsWith("PAN");
        double strength = motion == null || motion.strength() == null ? DEFAULT_MOTION : motion.strength();
        int canvasW = panning ? even(width * (1 + strength)) : width;
        int canvasH = panning ? even(height * (1 + strength)) : height;
        if (clip == null || clip.source().kind() == Timeline.SourceKind.COLOR) {
            String color = clip == null || clip.source().color() == null ? "black" : clip.source().color();
            c.append(String.format("color=c=%s:s=%dx%d:r=%d,trim=end_frame=%d", escape(color), canvasW, canvasH, fps,
                    frames));
        } else {
            c.append('[').append(s.input()).append(":v]");
            boolean video = clip.source().kind() == Timeline.SourceKind.VIDEO;
            if (video) {
                c.append("fps=").append(fps).append(',');
            }
            c.append(fit(clip.fit(), canvasW, canvasH)).append(",setsar=1");
            if (video) {
                c.append(String.format(",tpad=stop_mode=clone:stop=%d,trim=end_frame=%d", frames, frames));
            } else {
                // converted to the encoder's pixel format once, before it is repeated, not once per frame
                c.append(String.format(",format=yuv420p,loop=loop=%d:size=1:start=0", frames - 1));
            }
        }
        c.append(String.format(",settb=1/%d,setpts=N,fps=%d", fps, fps));
        if (moving) {
            c.append(',').append(motion(motion, width, height, frames, fps, clip.start()));
        }
        if (motion != null && motion.hueShift() != null && motion.hueShift() != 0) {
            c.append(String.format(Locale.ROOT, ",hue=h='%s*n/%d'", num(motion.hueShift()), Math.max(1, frames - 1)));
        }
        c.append(",format=yuv420p");
        if (s.fadeIn() > 0) {
            c.append(String.format(",fade=t=in:s=0:n=%d", s.fadeIn()));
        }
        if (s.fadeOut() > 0) {
            c.append(String.format(",fade=t=out:s=%d:n=%d", frames - s.fadeOut(), s.fadeOut()));
        }
        c.append("[s").append(index).append(']');
        return c.toString();
    }

    private static String fit(Timeline.Fit fit, int width, int height) {
        if (fit == Timeline.Fit.CONTAIN) {
            return String.format("scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:black",
                    width, height, width, height);
        }
        return String.format("scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d", width, height, width,
                height);
    }

    /**
     * Zooms and pulses go through zoompan (a zoom factor per output frame, centred, output size fixed); pans move a
     * crop window across the oversized canvas. {@code on}/{@code n} is the frame number inside the clip.
     */
    private static String motion(Timeline.Motion motion, int width, int height, int frames, int fps, double start) {
        double strength = motion.strength() == null ? DEFAULT_MOTION : motion.strength();
        String pulse = pulse(motion.pulseTimes(), fps, start);
        String progress = "(on/" + Math.max(1, frames - 1) + ")";
        String zoom = switch (motion.kind()) {
            case ZOOM_IN -> "(1+" + num(strength) + "*" + progress + ")";
            case ZOOM_OUT -> "(1+" + num(strength) + "*(1-" + progress + "))";
            case NONE -> "1";
            default -> null;
        };
        if (zoom != null) {
            return zoompan(pulse == null ? zoom : zoom + "*(" + pulse + ")", width, height, fps);
        }
        String along = "(n/" + Math.max(1, frames - 1) + ")";
        String x = "(iw-" + width + ")/2";
        String y = "(ih-" + height + ")/2";
        switch (motion.kind()) {
            case PAN_LEFT -> x = "(iw-" + width + ")*(1-" + along + ")";
            case PAN_RIGHT -> x = "(iw-" + width + ")*" + along;
            case PAN_UP -> y = "(ih-" + height + ")*(1-" + along + ")";
            default -> y = "(ih-" + height + ")*" + along;
        }
        String crop = String.format("crop=w=%d:h=%d:x='%s':y='%s'", width, height, x, y);
        return pulse == null ? crop : crop + "," + zoompan(pulse, width, height, fps);
    }

    private static String zoompan(String zoom, int width, int height, int fps) {
        return String.format("zoompan=z='%s':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=%dx%d:fps=%d", zoom, width,
                height, fps);
    }

    /** A 6 % zoom kick decaying in about 150 ms after each pulse time (timeline seconds) inside the clip. */
    private static String pulse(List<Double> times, int fps, double start) {
        if (times.isEmpty()) {
            return null;
        }
        StringBuilder sum = new StringBuilder("1");
        for (double time : times) {
            double local = time - start;
            if (local < 0) {
                continue;
            }
            String t = "(on/" + fps + "-" + num(local) + ")";
            sum.append("+0.06*gte(").append(t).append(",0)*lt(").append(t).append(",0.6)*exp(-").append(t)
                    .append("*7)");
        }
        return sum.toString();
    }

    private String captions(Timeline t, Plan plan, Path scratch) throws IOException {
        if (t.texts().isEmpty()) {
            return "";
        }
        Fonts fonts = new Fonts();
        double scale = Math.min(plan.width, plan.height) / 1080.0;
        StringBuilder c = new StringBuilder();
        int index = 0;
        for (Timeline.TextOverlay text : t.texts()) {
            Path file = scratch.resolve("caption-" + index++ + ".txt");
            Files.writeString(file, text.text());
            int size = (int) Math.round((text.size() == null ? 56 : text.size()) * scale);
            int outline = (int) Math.round((text.outlineWidth() == null ? 3 : text.outlineWidth()) * scale);
            Timeline.TextPosition position = text.position() == null ? Timeline.TextPosition.BOTTOM : text.position();
            String y = switch (position) {
                case TOP -> "h*0.08";
                case CENTER -> "(h-text_h)/2";
                case BOTTOM -> "h*0.92-text_h";
            };
            c.append(String.format(Locale.ROOT, "drawtext=fontfile='%s':textfile='%s':fontsize=%d:fontcolor=%s:"
                            + "borderw=%d:bordercolor=%s:x=(w-text_w)/2:y=%s:enable='between(t,%s,%s)',",
                    escapePath(fonts.find(text.font())), escapePath(file), size,
                    escape(text.color() == null ? "white" : text.color()), outline,
                    escape(text.outlineColor() == null ? "black" : text.outlineColor()), y, num(text.start()),
                    num(text.start() + text.duration())));
        }
        return c.toString();
    }

    private static String audio(Timeline t, Plan plan) {
        String total = num(t.duration());
        if (plan.audioInput < 0) {
            return "anullsrc=r=48000:cl=stereo,atrim=end=" + total + "[aout]";
        }
        Timeline.AudioTrack track = t.audio();
        StringBuilder a = new StringBuilder();
        a.append('[').append(plan.audioInput).append(":a]aformat=sample_rates=48000:channel_layouts=stereo,"
                + "asetpts=PTS-STARTPTS");
        if (track.fadeIn() != null && track.fadeIn() > 0) {
            a.append(",afade=t=in:st=0:d=").append(num(track.fadeIn()));
        }
        if (track.fadeOut() != null && track.fadeOut() > 0) {
            double out = Math.min(track.fadeOut(), plan.audioLength);
            a.append(",afade=t=out:st=").append(num(plan.audioLength - out)).append(":d=").append(num(out));
        }
        if (track.volume() != null) {
            a.append(",volume=").append(num(track.volume()));
        }
        a.append(",apad,atrim=end=").append(total).append("[aout]");
        return a.toString();
    }

    private static int even(double pixels) {
        int p = (int) Math.ceil(pixels);
        return p + (p & 1);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Colours and names inside a filter graph: only characters that cannot break out of an option value. */
    private static String escape(String value) {
        if (!value.matches("[#A-Za-z0-9@.]+")) {
            throw new InvalidInputException("The colour '" + value + "' is not a colour name or #rrggbb");
        }
        return value;
    }

    private static String escapePath(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "'\\''").replace(":", "\\:");
    }

    static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover temporary file is harmless and the next render overwrites it
        }
    }

    static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(TimelineRenderer::deleteQuietly);
        } catch (IOException ignored) {
            // see deleteQuietly
        }
    }
}
