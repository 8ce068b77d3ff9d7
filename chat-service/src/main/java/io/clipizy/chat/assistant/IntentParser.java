package io.clipizy.chat.assistant;

import io.clipizy.chat.domain.ProjectType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Understands the common ways people say what they want, without an LLM: formats ("vertical", "TikTok", "9:16"),
 * quality ("4K", "1080p"), lengths ("90 seconds", "1:30", "2 minutes"), style words, scene counts, and which kind
 * of video. It only states what the text says; the conversation asks for the rest.
 */
public final class IntentParser {
    private static final Pattern RATIO = Pattern.compile("\\b(16:9|9:16|1:1)\\b");
    private static final Pattern CLOCK = Pattern.compile("\\b(\\d{1,2}):([0-5]\\d)\\b(?!\\s*(?:am|pm))");
    private static final Pattern SECONDS = Pattern.compile("\\b(\\d+(?:\\.\\d+)?)\\s*(?:s|sec|secs|second|seconds)\\b");
    private static final Pattern MINUTES = Pattern.compile("\\b(\\d+(?:\\.\\d+)?)\\s*(?:m|min|mins|minute|minutes)\\b");
    private static final Pattern SCENES = Pattern.compile("\\b(\\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve)\\s+(?:scenes|shots|parts)\\b");
    private static final Map<String, Integer> NUMBERS = Map.of("two", 2, "three", 3, "four", 4, "five", 5, "six", 6,
            "seven", 7, "eight", 8, "nine", 9, "ten", 10, "twelve", 12);
    /** Style words (as whole words, compiled once) and the style each names. */
    private static final Map<Pattern, String> STYLES = new LinkedHashMap<>();
    /** What {@link #words} treats as a word separator. */
    private static final Pattern SEPARATOR = Pattern.compile("[^a-z0-9:'\\- ]");

    static {
        style("cinematic", "cinematic");
        style("film", "cinematic");
        style("animated", "animated");
        style("cartoon", "animated");
        style("anime", "animated");
        style("realistic", "realistic");
        style("photoreal", "realistic");
        style("abstract", "abstract");
        style("minimalist", "minimalist");
        style("minimal", "minimalist");
        style("vintage", "vintage");
        style("retro", "vintage");
    }

    private static void style(String word, String style) {
        STYLES.put(Pattern.compile("\\b" + word + "\\b"), style);
    }

    private IntentParser() {
    }

    /**
     * What one message says: inputs it fixes, the workflow it points to (the type's usual one when it names none;
     * {@code explicitWorkflow} says whether it named one), and what it asks for.
     */
    public record Intent(Map<String, Object> inputs, String workflowId, boolean explicitWorkflow, boolean start, boolean cancel,
                         boolean progress, boolean approve) {
    }

    public static Intent parse(String text, ProjectType type) {
        String t = text.toLowerCase(Locale.ROOT);
        Map<String, Object> inputs = new LinkedHashMap<>();
        aspect(t).ifPresent(a -> inputs.put("aspectRatio", a));
        resolution(t).ifPresent(r -> inputs.put("resolution", r));
        Double seconds = seconds(t);
        if (seconds != null) {
            inputs.put("duration", seconds);
        }
        for (Map.Entry<Pattern, String> style : STYLES.entrySet()) {
            if (style.getKey().matcher(t).find()) {
                inputs.put("style", style.getValue());
                break;
            }
        }
        Matcher scenes = SCENES.matcher(t);
        if (scenes.find()) {
            String n = scenes.group(1);
            inputs.put("scenes", NUMBERS.containsKey(n) ? NUMBERS.get(n) : Integer.parseInt(n));
        }
        boolean start = words(t, "start", "go ahead", "go for it", "let's go", "do it", "yes", "yep", "sure", "ok", "okay", "confirm", "sounds good");
        boolean cancel = words(t, "cancel", "stop it", "stop the", "abort");
        boolean progress = words(t, "how far", "progress", "status", "how long", "is it done", "are you done");
        boolean approve = words(t, "approve", "looks good", "perfect", "great", "love it", "use it", "keep it");
        String workflowId = workflow(t, type);
        return new Intent(inputs, workflowId, !workflowId.equals(workflow("", type)), start, cancel, progress, approve);
    }

    /** The workflow a message points to for a project type; the type's usual one when it names none. */
    static String workflow(String t, ProjectType type) {
        return switch (type) {
            case MUSIC_CLIP -> words(t, "generate a song", "make a song", "make a track", "generate a track", "compose", "write a song")
                    ? "music.generate-track"
                    : words(t, "animated loop", "looping animation", "loop animation", "looped animation") ? "music-video.looped-animated"
                    : words(t, "still", "single image", "one image", "static") ? "music-video.looped-static"
                    : "music-video.recurring-scenes";
            case VIDEO_EDIT -> words(t, " ad ", "advert", "commercial", "promo", "business") || t.startsWith("ad ") ? "business-ad.standard"
                    : words(t, "cut-down", "cutdown", "cut down", "social versions", "shorts version", "reels version") ? "social.cutdowns"
                    : "video-clip.standard";
            case AUDIO_EDIT -> "audio.analyze";
            case IMAGE_EDIT -> "image.generate-or-edit";
            case CUSTOM -> "automate.batch";
        };
    }

    static java.util.Optional<String> aspect(String t) {
        Matcher m = RATIO.matcher(t);
        if (m.find()) {
            return java.util.Optional.of(m.group(1));
        }
        if (words(t, "vertical", "portrait", "tiktok", "reels", "shorts", "stories", "story format")) {
            return java.util.Optional.of("9:16");
        }
        if (words(t, "square", "instagram post", "feed post")) {
            return java.util.Optional.of("1:1");
        }
        if (words(t, "horizontal", "landscape", "widescreen", "youtube")) {
            return java.util.Optional.of("16:9");
        }
        return java.util.Optional.empty();
    }

    static java.util.Optional<String> resolution(String t) {
        if (words(t, "4k", "2160p", "uhd", "ultra hd")) {
            return java.util.Optional.of("2160p");
        }
        if (words(t, "1080p", "1080", "full hd", "fhd")) {
            return java.util.Optional.of("1080p");
        }
        if (words(t, "720p", "720")) {
            return java.util.Optional.of("720p");
        }
        return java.util.Optional.empty();
    }

    static Double seconds(String t) {
        Matcher clock = CLOCK.matcher(t);
        if (clock.find() && !t.contains(clock.group() + "9") && !RATIO.matcher(clock.group()).matches()) {
            return (double) (Integer.parseInt(clock.group(1)) * 60 + Integer.parseInt(clock.group(2)));
        }
        Matcher minutes = MINUTES.matcher(t);
        double total = 0;
        boolean found = false;
        if (minutes.find()) {
            total += Double.parseDouble(minutes.group(1)) * 60;
            found = true;
        }
        Matcher seconds = SECONDS.matcher(t);
        if (seconds.find()) {
            total += Double.parseDouble(seconds.group(1));
            found = true;
        }
        if (!found && words(t, "half a minute")) {
            return 30.0;
        }
        return found ? total : null;
    }

    private static boolean words(String t, String... phrases) {
        String padded = " " + SEPARATOR.matcher(t).replaceAll(" ") + " ";
        for (String p : phrases) {
            if (padded.contains(" " + p.strip() + " ") || (p.startsWith(" ") && padded.contains(p))) {
                return true;
            }
        }
        return false;
    }
}
