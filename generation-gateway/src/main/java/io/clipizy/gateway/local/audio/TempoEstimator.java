package io.clipizy.gateway.local.audio;

/**
 * Tempo from the onset envelope: autocorrelation over 8-second windows (a tempogram), a salience that adds the
 * doubled lag (a beat period whose multiples also recur), a broad log-normal prior around 115 BPM that only breaks
 * near-ties, a check that halves the period when every half period carries as much as the period itself, and one at
 * bar level that doubles it back when the pattern recurs every four slower beats far better than every four faster
 * ones (a busy funk groove whose eighth notes are as strong as its beats). Each
 * window also gets its own period near the global one, so a tempo change can be followed.
 */
final class TempoEstimator {
    static final double MIN_BPM = 50;
    static final double MAX_BPM = 210;
    private static final double RANGE_TOLERANCE_BPM = 2;
    private static final double PRIOR_BPM = 115;
    private static final double PRIOR_OCTAVES = 1.5;
    private static final double LOCAL_PRIOR_OCTAVES = 0.35;
    private static final double WINDOW_SECONDS = 8;
    private static final double WINDOW_HOP_SECONDS = 2;
    private static final double BAR_GAIN = 0.04;

    /** The global beat period, its normalised autocorrelation peak, and a period per window (frames). */
    record Tempo(double period, double periodicity, double[] windowCentres, double[] windowPeriods) {
        /** The local period at a frame, interpolated between window centres. */
        double periodAt(int frame) {
            if (windowCentres.length == 0) {
                return period;
            }
            if (frame <= windowCentres[0]) {
                return windowPeriods[0];
            }
            int last = windowCentres.length - 1;
            if (frame >= windowCentres[last]) {
                return windowPeriods[last];
            }
            int i = 0;
            while (windowCentres[i + 1] < frame) {
                i++;
            }
            double t = (frame - windowCentres[i]) / (windowCentres[i + 1] - windowCentres[i]);
            return windowPeriods[i] * (1 - t) + windowPeriods[i + 1] * t;
        }
    }

    private final double frameRate;
    private final int minLag;
    private final int maxLag;

    TempoEstimator(double frameRate) {
        this.frameRate = frameRate;
        this.minLag = (int) Math.floor(frameRate * 60 / MAX_BPM);
        this.maxLag = (int) Math.ceil(frameRate * 60 / MIN_BPM);
    }

    /** Estimates the tempo, or answers null when the envelope has no periodicity at all (silence). */
    Tempo estimate(double[] onset) {
        double[] centred = centre(onset);
        int n = centred.length;
        int acLength = 2 * maxLag + 3;
        int window = (int) Math.min(n, Math.round(WINDOW_SECONDS * frameRate));
        if (window < minLag * 3) {
            return null;
        }
        int hop = (int) Math.round(WINDOW_HOP_SECONDS * frameRate);
        int windows = n <= window ? 1 : 1 + (n - window + hop - 1) / hop;
        double[][] local = new double[windows][];
        double[] global = new double[acLength];
        double[] centres = new double[windows];
        for (int w = 0; w < windows; w++) {
            int start = Math.min(w * hop, n - window);
            local[w] = autocorrelation(centred, start, window, acLength);
            centres[w] = start + window / 2.0;
            for (int l = 0; l < acLength; l++) {
                global[l] += local[w][l];
            }
        }
        if (!(global[0] > 1e-12)) {
            return null;
        }
        double[] normalised = normalise(global);
        double best = pick(normalised, PRIOR_BPM, PRIOR_OCTAVES, minLag, maxLag);
        best = halveIfEquallyStrong(normalised, best);
        best = slowerIfTheBarSaysSo(centred, best, refine(normalised, best));
        double period = refine(normalised, best);
        double[] periods = new double[windows];
        for (int w = 0; w < windows; w++) {
            double[] ac = normalise(local[w]);
            if (local[w][0] <= 1e-12) {
                periods[w] = period;
                continue;
            }
            int from = Math.max(minLag, (int) Math.floor(period / 1.45));
            int to = Math.min(maxLag, (int) Math.ceil(period * 1.45));
            double lag = pick(ac, frameRate * 60 / period, LOCAL_PRIOR_OCTAVES, from, to);
            periods[w] = refine(ac, lag);
        }
        return new Tempo(period, Math.max(0, valueAt(normalised, period)), centres, median3(periods));
    }

    double bpm(double period) {
        return 60 * frameRate / period;
    }

    private double pick(double[] ac, double priorBpm, double priorOctaves, int from, int to) {
        double bestScore = Double.NEGATIVE_INFINITY;
        int best = from;
        for (int l = Math.max(from, 1); l <= to; l++) {
            double salience = ac[l] + 0.5 * (2 * l < ac.length ? ac[2 * l] : 0);
            double octaves = Math.log(bpm(l) / priorBpm) / Math.log(2);
            double score = salience * Math.exp(-0.5 * octaves * octaves / (priorOctaves * priorOctaves));
            if (score > bestScore) {
                bestScore = score;
                best = l;
            }
        }
        return best;
    }

    /**
     * A faster pulse is the beat when every half (or third) of the period carries nearly as much as the period itself
     * (e.g. 174 BPM clicks, where the prior alone would pick a bar of three).
     */
    private double halveIfEquallyStrong(double[] ac, double lag) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int divisor = 2; divisor <= 3 && !changed; divisor++) {
                double faster = lag / divisor;
                // the faster pulse must be a tempo in range: the lag grid reaches past MAX_BPM (lag 24 is 215 BPM),
                // and a busy groove's eighth notes (funk at 108 BPM) are nearly as strong as its beats
                if (faster >= minLag && bpm(Math.round(faster)) <= MAX_BPM + RANGE_TOLERANCE_BPM
                        && peakNear(ac, faster) >= 0.8 * peakNear(ac, lag)) {
                    lag = Math.round(faster);
                    changed = true;
                }
            }
        }
        return lag;
    }

    /**
     * The octave check at bar level: a groove whose eighth notes are as busy as its quarter notes (funk: sixteenth
     * hats, a syncopated kick, off-beat stabs) reads at twice its tempo on beat-level periodicity alone. Its pattern
     * repeats every bar, though, not every half bar: if four beats of the slower reading (a whole bar) recur much more
     * strongly than four beats of the faster one (half a bar), the slower reading is the beat. A click track or a
     * straight loop recurs about equally at both, and keeps its tempo.
     */
    private double slowerIfTheBarSaysSo(double[] centred, double lag, double period) {
        double slower = 2 * lag;
        if (slower > maxLag || bpm(slower) < MIN_BPM) {
            return lag;
        }
        // smoothed, so a bar that is not a whole number of frames long does not read as a weaker recurrence
        double[] smooth = smooth(centred, 2.0);
        double energy = longAutocorrelation(smooth, 0);
        if (energy <= 1e-12) {
            return lag;
        }
        double halfBar = peakOfLong(smooth, 4 * period) / energy;
        double bar = peakOfLong(smooth, 8 * period) / energy;
        // the half bar must miss at least twice as much of the pattern as the bar, and by a clear amount: synthesized
        // funk at 80-104 BPM gains 0.07-0.08, click tracks and straight or swung loops at most 0.02
        return bar - halfBar > BAR_GAIN && 1 - halfBar > 2 * (1 - bar) ? slower : lag;
    }

    private static double[] smooth(double[] x, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            double sum = 0;
            double weights = 0;
            for (int k = Math.max(0, t - radius); k <= Math.min(x.length - 1, t + radius); k++) {
                sum += x[k] * kernel[k - t + radius];
                weights += kernel[k - t + radius];
            }
            out[t] = sum / weights;
        }
        return out;
    }

    /** The highest unbiased autocorrelation of the whole envelope within two frames of {@code lag}. */
    private static double peakOfLong(double[] x, double lag) {
        int centre = (int) Math.round(lag);
        double best = Double.NEGATIVE_INFINITY;
        for (int l = Math.max(1, centre - 2); l <= centre + 2; l++) {
            best = Math.max(best, longAutocorrelation(x, l));
        }
        return best;
    }

    private static double longAutocorrelation(double[] x, int lag) {
        int end = x.length - lag;
        if (end <= 0) {
            return 0;
        }
        double sum = 0;
        for (int t = 0; t < end; t++) {
            sum += x[t] * x[t + lag];
        }
        return sum / end;
    }

    private static double peakNear(double[] ac, double lag) {
        int centre = (int) Math.round(lag);
        double best = Double.NEGATIVE_INFINITY;
        for (int l = Math.max(1, centre - 1); l <= Math.min(ac.length - 1, centre + 1); l++) {
            best = Math.max(best, ac[l]);
        }
        return best;
    }

    /** The lag of the autocorrelation maximum next to {@code lag}, with sub-frame (parabolic) precision. */
    private static double refine(double[] ac, double lag) {
        int m = (int) Math.round(lag);
        for (int step = 0; step < 3; step++) {
            if (m - 1 >= 1 && ac[m - 1] > ac[m]) {
                m--;
            } else if (m + 1 < ac.length && ac[m + 1] > ac[m]) {
                m++;
            }
        }
        if (m < 1 || m + 1 >= ac.length) {
            return m;
        }
        double a = ac[m - 1];
        double b = ac[m];
        double c = ac[m + 1];
        double denominator = a - 2 * b + c;
        double delta = denominator < 0 ? 0.5 * (a - c) / denominator : 0;
        return m + Math.max(-0.5, Math.min(0.5, delta));
    }

    private static double valueAt(double[] ac, double lag) {
        int i = (int) Math.floor(lag);
        double t = lag - i;
        return i + 1 < ac.length ? ac[i] * (1 - t) + ac[i + 1] * t : ac[ac.length - 1];
    }

    private static double[] normalise(double[] ac) {
        double[] out = new double[ac.length];
        if (ac[0] > 1e-12) {
            for (int l = 0; l < ac.length; l++) {
                out[l] = ac[l] / ac[0];
            }
        }
        return out;
    }

    /** Unbiased autocorrelation of {@code x[start .. start+length)} for lags 0..lags-1. */
    private static double[] autocorrelation(double[] x, int start, int length, int lags) {
        double[] ac = new double[lags];
        for (int l = 0; l < lags && l < length; l++) {
            double sum = 0;
            int end = start + length - l;
            for (int t = start; t < end; t++) {
                sum += x[t] * x[t + l];
            }
            ac[l] = sum / (length - l);
        }
        return ac;
    }

    /** The envelope minus its one-second moving average, so slow level changes do not read as periodicity. */
    static double[] centre(double[] onset) {
        int n = onset.length;
        int radius = 43;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + onset[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - radius);
            int b = Math.min(n, i + radius + 1);
            out[i] = onset[i] - (prefix[b] - prefix[a]) / (b - a);
        }
        return out;
    }

    private static double[] median3(double[] values) {
        double[] out = values.clone();
        for (int i = 1; i + 1 < values.length; i++) {
            double a = values[i - 1];
            double b = values[i];
            double c = values[i + 1];
            out[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
        return out;
    }
}
