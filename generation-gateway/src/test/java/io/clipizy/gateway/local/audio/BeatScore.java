package io.clipizy.gateway.local.audio;

import java.util.List;

/** Beat-tracking scores as MIREX computes them: F-measure with a +-70 ms window, each reference matched once. */
final class BeatScore {
    private BeatScore() {
    }

    static double fMeasure(List<Double> reference, List<Double> estimated, double tolerance) {
        if (reference.isEmpty() && estimated.isEmpty()) {
            return 1;
        }
        if (reference.isEmpty() || estimated.isEmpty()) {
            return 0;
        }
        boolean[] used = new boolean[estimated.size()];
        int hits = 0;
        for (double r : reference) {
            int best = -1;
            double bestError = tolerance;
            for (int i = 0; i < estimated.size(); i++) {
                double error = Math.abs(estimated.get(i) - r);
                if (!used[i] && error <= bestError) {
                    best = i;
                    bestError = error;
                }
            }
            if (best >= 0) {
                used[best] = true;
                hits++;
            }
        }
        double precision = (double) hits / estimated.size();
        double recall = (double) hits / reference.size();
        return hits == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Share of reference boundaries with an estimated one within {@code tolerance} seconds. */
    static double hitRate(List<Double> reference, List<Double> estimated, double tolerance) {
        int hits = 0;
        for (double r : reference) {
            for (double e : estimated) {
                if (Math.abs(e - r) <= tolerance) {
                    hits++;
                    break;
                }
            }
        }
        return reference.isEmpty() ? 1 : (double) hits / reference.size();
    }
}
