package io.clipizy.gateway.local;

/** Receives the progress of a long local-engine operation: a fraction from 0 to 1 and a note a person can read. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (fraction, message) -> {
    };

    void progress(double fraction, String message);

    /** This listener seen through a sub-range: {@code 0..1} of the part maps to {@code from..to} of the whole. */
    default ProgressListener part(double from, double to) {
        return (fraction, message) -> progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
    }
}
