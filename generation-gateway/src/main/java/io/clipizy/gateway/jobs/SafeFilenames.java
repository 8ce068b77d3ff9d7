package io.clipizy.gateway.jobs;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Safe download file names for generations: a slug of the prompt (accents folded, only {@code a-z0-9} and single
 * hyphens, cut at a word boundary), a short tag from the generation id, and an allowed extension. The result has no
 * path separator, no leading dot and no {@code ..}, so it can never climb out of a folder.
 */
public final class SafeFilenames {
    public static final Set<String> EXTENSIONS = Set.of("mp4", "webm", "mov", "gif", "png", "jpg", "jpeg", "webp");
    static final int MAX_SLUG = 60;

    private SafeFilenames() {
    }

    /** The extension normalised (lower case, no leading dot), or null when it is not one we produce. */
    public static String extension(String extension) {
        if (extension == null) {
            return null;
        }
        String e = extension.strip().toLowerCase(Locale.ROOT);
        if (e.startsWith(".")) {
            e = e.substring(1);
        }
        return EXTENSIONS.contains(e) ? e : null;
    }

    /** {@code <slug>-<tag>.<extension>}; an empty slug becomes {@code video}. */
    public static String generate(String prompt, String genId, String extension) {
        String slug = slug(prompt == null ? "" : prompt);
        String tag = genId == null ? "" : genId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (tag.length() > 8) {
            tag = tag.substring(0, 8);
        }
        String base = slug.isEmpty() ? "video" : slug;
        return (tag.isEmpty() ? base : base + "-" + tag) + "." + extension(extension);
    }

    static String slug(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            int cut = slug.lastIndexOf('-', MAX_SLUG);
            slug = slug.substring(0, cut > MAX_SLUG / 2 ? cut : MAX_SLUG).replaceAll("-+$", "");
        }
        return slug;
    }
}
