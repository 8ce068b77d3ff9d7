package io.clipizy.gateway.local.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beat tracking by dynamic programming (Ellis 2007): each frame's best score is its onset strength plus the best
 * score of a previous beat between half and twice the local period back, minus a penalty on the squared log ratio
 * of that interval to the period. The beats are read back from the last strong frame, weak beats in leading or
 * trailing silence are dropped, and each beat moves to the onset peak next to it with sub-frame precision.
 */
final class BeatTracker {
    private static final double TIGHTNESS = 100;
    /**
     * Spectral flux rises as soon as a note enters the analysis window, about this many frames before the window is
     * centred on it; measured on click tracks.
     */
    static final double ONSET_LEAD_FRAMES = 1.0;
    /**
     * How much more high-band onset the off-beats need before the beats move there: a syncopated funk groove on the
     * off-beats measures 1.35-1.4, correctly placed beats of straight, swung and noisy loops 0.5 or less.
     */
    private static final double BACKBEAT_MARGIN = 1.2;

    /** Beat frames (fractional) and the tempo read from them. */
    record Beats(double[] frames, double bpm, double regularity) {
    }

    private final double frameRate;

    BeatTracker(double frameRate) {
        this.frameRate = frameRate;
    }

    Beats track(double[] onset, TempoEstimator.Tempo tempo, Runnable checkpoint) {
        int n = onset.length;
        double std = std(onset);
        if (std <= 1e-12) {
            return new Beats(new double[0], 0, 0);
        }
        double[] normalised = new double[n];
        for (int i = 0; i < n; i++) {
            normalised[i] = onset[i] / std;
        }
        double[] local = localScore(normalised, tempo.period());
        double[] cumulative = new double[n];
        int[] backlink = new int[n];
        double maxLocal = 0;
        for (double v : local) {
            maxLocal = Math.max(maxLocal, v);
        }
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if ((i & 4095) == 0) {
                checkpoint.run();
            }
            double period = tempo.periodAt(i);
            int from = i - (int) Math.round(2 * period);
            int to = i - (int) Math.round(period / 2);
            double best = Double.NEGATIVE_INFINITY;
            int bestAt = -1;
            for (int t = Math.max(0, from); t <= to; t++) {
                double ratio = Math.log((i - t) / period);
                double candidate = cumulative[t] - TIGHTNESS * ratio * ratio;
                if (candidate > best) {
                    best = candidate;
                    bestAt = t;
                }
            }
            if (bestAt < 0 || (first && local[i] < 0.01 * maxLocal)) {
                cumulative[i] = local[i];
                backlink[i] = -1;
            } else {
                cumulative[i] = local[i] + Math.max(0, best);
                backlink[i] = best > 0 ? bestAt : -1;
                first = false;
            }
        }
        int last = lastBeat(cumulative);
        List<Integer> reversed = new ArrayList<>();
        for (int b = last; b >= 0; b = backlink[b]) {
            reversed.add(b);
        }
        int[] beats = new int[reversed.size()];
        for (int i = 0; i < beats.length; i++) {
            beats[i] = reversed.get(beats.length - 1 - i);
        }
        beats = trim(beats, local);
        double[] refined = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            refined[i] = refine(onset, beats[i]);
        }
        return steadyTempo(refined);
    }

    /** The onset envelope smoothed by a Gaussian about a sixteenth of the period wide. */
    private static double[] localScore(double[] onset, double period) {
        int radius = (int) Math.round(period);
        double[] kernel = new double[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) {
            double x = i * 32.0 / period;
            kernel[i + radius] = Math.exp(-0.5 * x * x);
        }
        double[] out = new double[onset.length];
        for (int i = 0; i < onset.length; i++) {
            double sum = 0;
            int a = Math.max(0, i - radius);
            int b = Math.min(onset.length - 1, i + radius);
            for (int j = a; j <= b; j++) {
                sum += onset[j] * kernel[j - i + radius];
            }
            out[i] = sum;
        }
        return out;
    }

    private static int lastBeat(double[] cumulative) {
        List<Integer> maxima = new ArrayList<>();
        for (int i = 1; i + 1 < cumulative.length; i++) {
            if (cumulative[i] > cumulative[i - 1] && cumulative[i] >= cumulative[i + 1]) {
                maxima.add(i);
            }
        }
        if (maxima.isEmpty()) {
            return cumulative.length - 1;
        }
        double[] values = maxima.stream().mapToDouble(i -> cumulative[i]).sorted().toArray();
        double threshold = 0.5 * values[values.length / 2];
        for (int k = maxima.size() - 1; k >= 0; k--) {
            if (cumulative[maxima.get(k)] > threshold) {
                return maxima.get(k);
            }
        }
        return maxima.get(maxima.size() - 1);
    }

    /**
     * Moves the beats to the points halfway between them when the high band (snare and hi-hat noise) rises clearly
     * more there. The tracker follows the broadband onsets, and in a syncopated groove (a funk kick on the "and",
     * chord stabs and bass notes on every off-beat) those are stronger between the beats than on them; the snare's
     * backbeat and the accented hats still mark the beat. Pitched stabs and bass notes barely reach the high band,
     * so it is the one cue the syncopation does not move. A straight or swung groove (hats on the off-beats too, but
     * snares and kicks only on the beat) keeps its phase: its high band is stronger on the beat.
     */
    static Beats onTheBackbeat(Beats beats, double[] highOnset, int frames) {
        double[] on = beats.frames();
        if (on.length < 4) {
            return beats;
        }
        double[] off = midpoints(on);
        if (strengthAt(highOnset, off) <= BACKBEAT_MARGIN * strengthAt(highOnset, on)) {
            return beats;
        }
        // the grid's ends: half a beat before the first and after the last, where the track still sounds there
        double half = 0.5 * (on[1] - on[0]);
        double first = on[0] - half;
        double last = on[on.length - 1] + 0.5 * (on[on.length - 1] - on[on.length - 2]);
        double level = 0.5 * strengthAt(highOnset, off);
        List<Double> moved = new ArrayList<>();
        if (first >= 0 && strengthAt(highOnset, new double[] {first}) >= level) {
            moved.add(first);
        }
        for (double f : off) {
            moved.add(f);
        }
        if (last < frames - 1 && strengthAt(highOnset, new double[] {last}) >= level) {
            moved.add(last);
        }
        return new Beats(moved.stream().mapToDouble(Double::doubleValue).toArray(), beats.bpm(), beats.regularity());
    }

    /** The mean of an envelope's maxima within two frames of the given (fractional) frames. */
    static double strengthAt(double[] envelope, double[] frames) {
        if (frames.length == 0) {
            return 0;
        }
        double sum = 0;
        for (double frame : frames) {
            int f = (int) Math.round(frame);
            double best = 0;
            for (int k = Math.max(0, f - 2); k <= Math.min(envelope.length - 1, f + 2); k++) {
                best = Math.max(best, envelope[k]);
            }
            sum += best;
        }
        return sum / frames.length;
    }

    /** The points halfway between consecutive beats (the off-beats of the tracked grid). */
    static double[] midpoints(double[] beats) {
        double[] out = new double[Math.max(0, beats.length - 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.5 * (beats[i] + beats[i + 1]);
        }
        return out;
    }

    /** Drops leading and trailing beats whose (Hann-smoothed) onset strength is under half its RMS. */
    private static int[] trim(int[] beats, double[] local) {
        if (beats.length == 0) {
            return beats;
        }
        double[] strength = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            double sum = 0;
            double weights = 0;
            for (int k = -2; k <= 2; k++) {
                int j = i + k;
                if (j >= 0 && j < beats.length) {
                    double w = 0.5 + 0.5 * Math.cos(Math.PI * k / 3);
                    sum += w * local[beats[j]];
                    weights += w;
                }
            }
            strength[i] = sum / weights;
        }
        double rms = 0;
        for (double s : strength) {
            rms += s * s;
        }
        double threshold = 0.5 * Math.sqrt(rms / strength.length);
        int start = 0;
        while (start < beats.length && strength[start] <= threshold) {
            start++;
        }
        int end = beats.length;
        while (end > start && strength[end - 1] <= threshold) {
            end--;
        }
        return Arrays.copyOfRange(beats, start, end);
    }

    /** Moves a beat to the highest onset within two frames of it, interpolated between frames. */
    private static double refine(double[] onset, int frame) {
        int best = frame;
        for (int i = Math.max(1, frame - 2); i <= Math.min(onset.length - 2, frame + 2); i++) {
            if (onset[i] > onset[best]) {
                best = i;
            }
        }
        if (best < 1 || best + 1 >= onset.length) {
            return best;
        }
        double a = onset[best - 1];
        double b = onset[best];
        double c = onset[best + 1];
        double denominator = a - 2 * b + c;
        if (denominator >= 0) {
            return best;
        }
        return best + Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / denominator));
    }

    /**
     * The tempo of the longest run of beat intervals within 8 % of the median interval, from a least-squares line
     * through its beat times; regularity is the share of intervals in such runs.
     */
    private Beats steadyTempo(double[] beats) {
        if (beats.length < 3) {
            return new Beats(beats, 0, 0);
        }
        double[] intervals = new double[beats.length - 1];
        for (int i = 0; i < intervals.length; i++) {
            intervals[i] = beats[i + 1] - beats[i];
        }
        double[] sorted = intervals.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        int bestStart = 0;
        int bestLength = 0;
        int steady = 0;
        for (int i = 0; i < intervals.length; ) {
            if (Math.abs(intervals[i] - median) > 0.08 * median) {
                i++;
                continue;
            }
            int j = i;
            while (j < intervals.length && Math.abs(intervals[j] - median) <= 0.08 * median) {
                j++;
            }
            steady += j - i;
            if (j - i > bestLength) {
                bestLength = j - i;
                bestStart = i;
            }
            i = j;
        }
        double period;
        if (bestLength >= 2) {
            int count = bestLength + 1;
            double meanX = (count - 1) / 2.0;
            double meanY = 0;
            for (int k = 0; k < count; k++) {
                meanY += beats[bestStart + k];
            }
            meanY /= count;
            double sxy = 0;
            double sxx = 0;
            for (int k = 0; k < count; k++) {
                sxy += (k - meanX) * (beats[bestStart + k] - meanY);
                sxx += (k - meanX) * (k - meanX);
            }
            period = sxy / sxx;
        } else {
            period = median;
        }
        return new Beats(beats, 60 * frameRate / period, (double) steady / intervals.length);
    }

    private static double std(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / Math.max(1, x.length - 1));
    }
}
