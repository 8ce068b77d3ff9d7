package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The size limit of each kind of media ({@code clipizy.media.max-size.*}), and the 413 answer for a file beyond it. A
 * file whose kind is not settled yet (nothing declared, format not recognised, or a container that holds either sound
 * or pictures) is held to the largest limit among the kinds it may still turn out to be.
 */
@ApplicationScoped
public class UploadLimits {
    private final long audio;
    private final long image;
    private final long video;

    public UploadLimits(MediaConfig config) {
        this.audio = config.maxSize().audio().asLongValue();
        this.image = config.maxSize().image().asLongValue();
        this.video = config.maxSize().video().asLongValue();
    }

    public long limit(MediaKind kind) {
        return switch (kind) {
            case AUDIO -> audio;
            case IMAGE -> image;
            case VIDEO -> video;
        };
    }

    /** The largest limit among {@code kinds}: the most a file that may be any of them can be allowed. */
    public long limit(Collection<MediaKind> kinds) {
        return kinds.stream().mapToLong(this::limit).max().orElseGet(this::largest);
    }

    /** The largest limit of any kind: no upload may ever be bigger. */
    public long largest() {
        return Math.max(audio, Math.max(image, video));
    }

    /** Fails with 413 naming {@code field} when {@code size} bytes exceed the limit of {@code kind}. */
    public void requireWithin(MediaKind kind, long size, String field) {
        long limit = limit(kind);
        if (size > limit) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The " + kind.wire() + " is " + size
                    + " bytes; " + kind.wire() + " uploads may be at most " + limit + " bytes",
                    List.of(new Problem.FieldViolation(field, "must be at most " + limit + " bytes")));
        }
    }

    /**
     * The 413 answer for a file that is known to hold more than {@code atLeast} bytes, beyond the limit of every kind
     * in {@code kinds}; said while the file is still arriving, so its final size is not known.
     */
    public ProblemException beyondLimit(Set<MediaKind> kinds, long atLeast, String field) {
        long limit = limit(kinds);
        String what = kinds.size() == MediaKind.values().length ? "upload"
                : kinds.stream().map(MediaKind::wire).sorted().collect(Collectors.joining(" or "));
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The " + what + " is at least " + atLeast
                + " bytes; " + what + " uploads may be at most " + limit + " bytes",
                List.of(new Problem.FieldViolation(field, "must be at most " + limit + " bytes")));
    }

    /** The kind named by a declared media type's top-level type; other types (octet-stream, text) say nothing. */
    public static MediaKind declaredKind(String declaredType) {
        if (declaredType == null) {
            return null;
        }
        String type = declaredType.toLowerCase(Locale.ROOT).trim();
        int slash = type.indexOf('/');
        String top = slash < 0 ? type : type.substring(0, slash);
        for (MediaKind kind : MediaKind.values()) {
            if (kind.wire().equals(top)) {
                return kind;
            }
        }
        return null;
    }

    /** Every kind of media: what a file of unknown kind may still be. */
    public static Set<MediaKind> anyKind() {
        return EnumSet.allOf(MediaKind.class);
    }
}
