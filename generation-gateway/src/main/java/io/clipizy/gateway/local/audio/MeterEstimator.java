package io.clipizy.gateway.local.audio;

/**
 * Bars from beats: each beat gets an accent (low-band onset strength, where kick drums and bass notes land) and a
 * harmonic change (chroma distance between the beat before and the beat after); for 3 and 4 beats a bar and each
 * phase, the downbeat positions should stand out on both. Four is preferred unless three is clearly better.
 */
final class MeterEstimator {
    /** Beats per bar and the index of the first downbeat. */
    record Meter(int beatsPerBar, int phase) {
    }

    Meter estimate(double[] beatFrames, double[] lowOnset, double[] onset, FloatSeries chroma, double framesPerSlow) {
        int n = beatFrames.length;
        if (n < 8) {
            return new Meter(4, 0);
        }
        double[] accent = new double[n];
        double[] change = new double[n];
        double[][] beatChroma = new double[n][12];
        for (int i = 0; i < n; i++) {
            int f = (int) Math.round(beatFrames[i]);
            double low = 0;
            double all = 0;
            for (int k = Math.max(0, f - 2); k <= Math.min(lowOnset.length - 1, f + 2); k++) {
                low = Math.max(low, lowOnset[k]);
                all = Math.max(all, onset[k]);
            }
            accent[i] = low + 0.25 * all;
            double end = i + 1 < n ? beatFrames[i + 1] : beatFrames[i] + (beatFrames[i] - beatFrames[i - 1]);
            int from = (int) Math.floor(beatFrames[i] / framesPerSlow);
            int to = Math.max(from, (int) Math.floor(end / framesPerSlow) - 1);
            for (int s = from; s <= to && s < chroma.rows(); s++) {
                for (int c = 0; c < 12; c++) {
                    beatChroma[i][c] += chroma.get(s, c);
                }
            }
        }
        for (int i = 1; i < n; i++) {
            change[i] = 1 - cosine(beatChroma[i - 1], beatChroma[i]);
        }
        double[] za = zscore(accent);
        double[] zc = zscore(change);
        double best4 = Double.NEGATIVE_INFINITY;
        int phase4 = 0;
        double best3 = Double.NEGATIVE_INFINITY;
        int phase3 = 0;
        for (int meter = 3; meter <= 4; meter++) {
            for (int phase = 0; phase < meter; phase++) {
                double score = contrast(za, meter, phase) + contrast(zc, meter, phase);
                if (meter == 4 && score > best4) {
                    best4 = score;
                    phase4 = phase;
                } else if (meter == 3 && score > best3) {
                    best3 = score;
                    phase3 = phase;
                }
            }
        }
        return best3 > best4 * 1.15 + 0.05 ? new Meter(3, phase3) : new Meter(4, phase4);
    }

    private static double contrast(double[] z, int meter, int phase) {
        double on = 0;
        int onCount = 0;
        double off = 0;
        int offCount = 0;
        for (int i = 0; i < z.length; i++) {
            if (i % meter == phase) {
                on += z[i];
                onCount++;
            } else {
                off += z[i];
                offCount++;
            }
        }
        return on / Math.max(1, onCount) - off / Math.max(1, offCount);
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na <= 1e-20 || nb <= 1e-20 ? 0 : dot / Math.sqrt(na * nb);
    }

    static double[] zscore(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = std <= 1e-12 ? 0 : (x[i] - mean) / std;
        }
        return out;
    }
}
