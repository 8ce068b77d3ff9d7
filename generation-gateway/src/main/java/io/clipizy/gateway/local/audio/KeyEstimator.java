package io.clipizy.gateway.local.audio;

import io.clipizy.contracts.media.AudioAnalysis;

/**
 * The key from the whole track's chroma: Pearson correlation with the 24 rotations of the Krumhansl-Kessler and the
 * Temperley key profiles (averaged), the best one wins; confidence grows with its correlation and its margin over the
 * runner-up. A relative major/minor pair (C major and A minor share every note) is the usual near-tie, and pitch
 * content alone cannot settle it: there the tonic the music rests on decides — how much of the time the bass line
 * sits on it, and whether the opening and (weighted double, the cadence) the ending sound its tonic triad.
 */
final class KeyEstimator {
    static final String[] PITCH_CLASSES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    private static final double[] KK_MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] KK_MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    private static final double[] T_MAJOR = {5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0};
    private static final double[] T_MINOR = {5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0};

    /** How close the relative key's correlation must come for the tonic cues to decide between the two. */
    static final double RELATIVE_MARGIN = 0.15;

    /**
     * Shares per pitch class (each array sums to 1): the bass line's over the whole track, and the full chroma's over
     * the opening and over the ending.
     */
    record TonicCues(double[] bass, double[] opening, double[] ending) {
        /** How strongly the music rests on the given key's tonic. */
        double support(int tonic, boolean major) {
            return bass[tonic] + triad(opening, tonic, major) + 2 * triad(ending, tonic, major);
        }

        private static double triad(double[] shares, int tonic, boolean major) {
            return shares[tonic] + shares[(tonic + (major ? 4 : 3)) % 12] + shares[(tonic + 7) % 12];
        }
    }

    /**
     * The key of a chroma profile, or null when it is flat (silence, noise, unpitched drums); {@code cues} (or null)
     * settle a near-tie between relative keys.
     */
    AudioAnalysis.Key estimate(double[] chroma, TonicCues cues) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double v : chroma) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        if (max <= 1e-9 || (max - min) / max < 0.1) {
            return null;
        }
        double[][] scores = new double[2][12];
        double best = Double.NEGATIVE_INFINITY;
        int bestTonic = 0;
        boolean bestMajor = true;
        for (int tonic = 0; tonic < 12; tonic++) {
            for (boolean major : new boolean[] {true, false}) {
                double r = 0.5 * (correlation(chroma, major ? KK_MAJOR : KK_MINOR, tonic)
                        + correlation(chroma, major ? T_MAJOR : T_MINOR, tonic));
                scores[major ? 0 : 1][tonic] = r;
                if (r > best) {
                    best = r;
                    bestTonic = tonic;
                    bestMajor = major;
                }
            }
        }
        // the relative key: A minor for C major (a minor third down), C major for A minor
        int relativeTonic = Math.floorMod(bestTonic + (bestMajor ? -3 : 3), 12);
        double relative = scores[bestMajor ? 1 : 0][relativeTonic];
        if (cues != null && relative >= best - RELATIVE_MARGIN
                && cues.support(relativeTonic, !bestMajor) > cues.support(bestTonic, bestMajor)) {
            best = relative;
            bestTonic = relativeTonic;
            bestMajor = !bestMajor;
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < 2; m++) {
            for (int tonic = 0; tonic < 12; tonic++) {
                if (!(tonic == bestTonic && (m == 0) == bestMajor)) {
                    second = Math.max(second, scores[m][tonic]);
                }
            }
        }
        double margin = Math.min(1, Math.max(0, (best - second) / 0.1));
        double confidence = Math.max(0, Math.min(1, best)) * (0.5 + 0.5 * margin);
        return new AudioAnalysis.Key(PITCH_CLASSES[bestTonic],
                bestMajor ? AudioAnalysis.Mode.MAJOR : AudioAnalysis.Mode.MINOR, confidence);
    }

    private static double correlation(double[] chroma, double[] profile, int tonic) {
        double meanC = 0;
        double meanP = 0;
        for (int i = 0; i < 12; i++) {
            meanC += chroma[i];
            meanP += profile[i];
        }
        meanC /= 12;
        meanP /= 12;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < 12; i++) {
            double x = chroma[(i + tonic) % 12] - meanC;
            double y = profile[i] - meanP;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        return sxx <= 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
