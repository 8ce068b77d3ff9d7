package io.clipizy.gateway.local.procedural;

import io.clipizy.gateway.local.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link MusicGenerator} composes: a free description, and optionally an explicit mood, tempo (BPM) and key
 * ("A minor", "F#", "Eb major") that win over what the description says; {@code seconds} from 30 to 300.
 */
public record MusicRequest(String description, Mood mood, Integer bpm, String key, double seconds, long seed,
                           Format format) {
    public static final double MIN_SECONDS = 30;
    public static final double MAX_SECONDS = 300;
    public static final int MIN_BPM = 60;
    public static final int MAX_BPM = 180;

    private static final Pattern BPM = Pattern.compile("(\\d{2,3})\\s*bpm", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY_IN_TEXT = Pattern.compile(
            "(?:\\bin|\\bkey of)\\s+([A-G](?:#|b)?)\\s*(major|minor)?\\b");
    private static final Pattern KEY = Pattern.compile("([A-Ga-g])(#|b)?\\s*(major|minor|maj|min|m)?",
            Pattern.CASE_INSENSITIVE);
    private static final String[] NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    public MusicRequest {
        description = description == null ? "" : description;
        if (format == null) {
            format = Format.WAV;
        }
        if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
            throw new InvalidInputException("seconds must be between " + (int) MIN_SECONDS + " and "
                    + (int) MAX_SECONDS + " (got " + seconds + ")");
        }
        if (bpm != null && (bpm < MIN_BPM || bpm > MAX_BPM)) {
            throw new InvalidInputException("bpm must be between " + MIN_BPM + " and " + MAX_BPM + " (got " + bpm + ")");
        }
        if (key != null && !key.isBlank() && !KEY.matcher(key.trim()).matches()) {
            throw new InvalidInputException("key '" + key + "' is not a key like 'A minor', 'F#' or 'Eb major'");
        }
    }

    /** The mood asked for, else the first mood word of the description, else upbeat. */
    public Mood resolvedMood() {
        if (mood != null) {
            return mood;
        }
        for (String word : ImageGenerator.words(description)) {
            for (Mood m : Mood.values()) {
                for (String w : m.words) {
                    if (w.equals(word)) {
                        return m;
                    }
                }
            }
        }
        return Mood.UPBEAT;
    }

    /** The tempo asked for, else a "NNN bpm" in the description (when in range), else the mood's. */
    public int resolvedBpm() {
        if (bpm != null) {
            return bpm;
        }
        Matcher m = BPM.matcher(description);
        if (m.find()) {
            int value = Integer.parseInt(m.group(1));
            if (value >= MIN_BPM && value <= MAX_BPM) {
                return value;
            }
        }
        return resolvedMood().bpm;
    }

    /** The tonic (0 = C) and mode asked for, the description's "in A minor", or {@code null} to let the seed pick. */
    public Key resolvedKey() {
        if (key != null && !key.isBlank()) {
            Matcher m = KEY.matcher(key.trim());
            if (m.matches()) {
                return key(m.group(1), m.group(2), m.group(3));
            }
        }
        Matcher m = KEY_IN_TEXT.matcher(description);
        if (m.find()) {
            return key(m.group(1).substring(0, 1), m.group(1).length() > 1 ? m.group(1).substring(1) : null,
                    m.group(2));
        }
        return null;
    }

    private static Key key(String letter, String accidental, String mode) {
        int tonic = "C D EF G A B".indexOf(letter.toUpperCase(Locale.ROOT));
        if ("#".equals(accidental)) {
            tonic++;
        } else if ("b".equals(accidental)) {
            tonic--;
        }
        Boolean minor = mode == null ? null : mode.toLowerCase(Locale.ROOT).startsWith("min")
                || mode.equals("m");
        return new Key(Math.floorMod(tonic, 12), minor);
    }

    /** A tonic pitch class and, when stated, the mode ({@code null}: the mood's own). */
    public record Key(int tonic, Boolean minor) {
        public String name(boolean isMinor) {
            return NAMES[tonic] + (isMinor ? " minor" : " major");
        }
    }

    /** The output container. */
    public enum Format { WAV, MP3 }

    /** The presets: default tempo, and the words of a description that choose them. */
    public enum Mood {
        UPBEAT(122, "upbeat", "happy", "energetic", "bright", "pop", "fun", "summer", "dance"),
        CHILL(84, "chill", "lofi", "relaxed", "relax", "calm", "ambient", "mellow", "lazy"),
        DARK(94, "dark", "ominous", "tense", "moody", "mysterious", "horror", "sad"),
        EPIC(104, "epic", "cinematic", "heroic", "trailer", "triumphant", "adventure", "powerful"),
        ROMANTIC(76, "romantic", "love", "tender", "wedding", "soft", "gentle", "dreamy"),
        FUNKY(112, "funky", "funk", "groove", "groovy", "disco", "soul");

        final int bpm;
        final String[] words;

        Mood(int bpm, String... words) {
            this.bpm = bpm;
            this.words = words;
        }

        /** The mood named {@code name} (any case); an unknown name is invalid input listing the known ones. */
        public static Mood fromString(String name) {
            if (name == null || name.isBlank()) {
                return null;
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("mood '" + name + "' is not one of upbeat, chill, dark, epic, "
                        + "romantic, funky");
            }
        }
    }
}
