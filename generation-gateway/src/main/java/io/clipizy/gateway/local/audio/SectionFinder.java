package io.clipizy.gateway.local.audio;

import io.clipizy.contracts.media.AudioAnalysis;
import java.util.ArrayList;
import java.util.List;

/**
 * Sections by novelty on a self-similarity matrix (Foote 2000): the track is cut into beat-synchronous units (fixed
 * half-second units when there is no beat), each described by its chroma (harmony) and timbre (mel cepstrum); a
 * Gaussian-tapered checkerboard kernel slid along the matrix's diagonal peaks where the music before and after stops
 * resembling itself. Sections are then compared with each other through their blocks of the matrix: a section that
 * resembles an earlier one as much as it resembles itself repeats its label.
 */
final class SectionFinder {
    private static final int MAX_UNITS = 1200;
    private static final double KERNEL_SECONDS = 10;
    private static final double MIN_SECTION_SECONDS = 8;
    private static final double SAME = 0.9;
    private static final double VARIANT = 0.8;

    List<AudioAnalysis.Section> find(double[] beatTimes, AudioFeatures features, Runnable checkpoint) {
        double duration = features.duration();
        double[] bounds = unitBounds(beatTimes, duration);
        int n = bounds.length - 1;
        double[] blockRms = features.blockRms();
        if (n < 4) {
            return List.of(section(0, duration, "A", blockRms, 1));
        }
        double[][] chroma = new double[n][12];
        double[][] timbre = new double[n][FeatureExtractor.TIMBRE];
        for (int u = 0; u < n; u++) {
            average(features.chroma(), features.slowFrames(), features.slowRate(), bounds[u], bounds[u + 1], chroma[u]);
            average(features.timbre(), features.slowFrames(), features.slowRate(), bounds[u], bounds[u + 1], timbre[u]);
        }
        standardiseColumns(timbre);
        double[][] similarity = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0.5 * MeterEstimator.cosine(chroma[i], chroma[j])
                        + 0.5 * (1 + MeterEstimator.cosine(timbre[i], timbre[j])) / 2;
                similarity[i][j] = s;
                similarity[j][i] = s;
            }
        }
        checkpoint.run();
        double unitSeconds = duration / n;
        int kernel = Math.max(3, (int) Math.round(KERNEL_SECONDS / unitSeconds));
        double[] novelty = novelty(similarity, kernel);
        int minGap = Math.max(2, (int) Math.round(MIN_SECTION_SECONDS / unitSeconds));
        List<Integer> cuts = peaks(novelty, minGap);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        starts.addAll(cuts);
        starts.add(n);
        List<String> labels = label(similarity, starts);
        double maxRms = 0;
        double[] rms = new double[starts.size() - 1];
        for (int s = 0; s + 1 < starts.size(); s++) {
            rms[s] = meanRms(blockRms, bounds[starts.get(s)], bounds[starts.get(s + 1)]);
            maxRms = Math.max(maxRms, rms[s]);
        }
        List<AudioAnalysis.Section> sections = new ArrayList<>();
        for (int s = 0; s + 1 < starts.size(); s++) {
            double start = s == 0 ? 0 : bounds[starts.get(s)];
            double end = s + 2 == starts.size() ? duration : bounds[starts.get(s + 1)];
            sections.add(section(start, end, labels.get(s), blockRms, maxRms));
        }
        return sections;
    }

    private static AudioAnalysis.Section section(double start, double end, String label, double[] blockRms,
                                                 double maxRms) {
        double rms = meanRms(blockRms, start, end);
        double energy = maxRms <= 1e-12 ? 0 : Math.min(1, rms / maxRms);
        double db = Math.max(-120, 20 * Math.log10(Math.max(rms, 1e-6)));
        return new AudioAnalysis.Section(start, end, label, energy, db);
    }

    /** Unit boundaries: every g-th beat (so there are at most MAX_UNITS), or a fixed grid without beats. */
    private static double[] unitBounds(double[] beats, double duration) {
        List<Double> bounds = new ArrayList<>();
        bounds.add(0.0);
        if (beats.length >= 16) {
            int group = Math.max(1, (int) Math.ceil(beats.length / (double) MAX_UNITS));
            for (int i = 0; i < beats.length; i += group) {
                if (beats[i] - bounds.get(bounds.size() - 1) >= 0.1 && duration - beats[i] >= 0.1) {
                    bounds.add(beats[i]);
                }
            }
        } else {
            double step = Math.max(0.5, duration / MAX_UNITS);
            for (double t = step; t < duration - 0.1; t += step) {
                bounds.add(t);
            }
        }
        bounds.add(duration);
        return bounds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void average(FloatSeries series, int rows, double rate, double from, double to, double[] out) {
        int a = (int) Math.ceil(from * rate);
        int b = Math.min(rows - 1, Math.max(a, (int) Math.ceil(to * rate) - 1));
        int count = 0;
        for (int r = a; r <= b; r++) {
            for (int c = 0; c < out.length; c++) {
                out[c] += series.get(r, c);
            }
            count++;
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= Math.max(1, count);
        }
    }

    private static void standardiseColumns(double[][] rows) {
        int width = rows[0].length;
        for (int c = 0; c < width; c++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[c];
            }
            mean /= rows.length;
            double var = 0;
            for (double[] row : rows) {
                var += (row[c] - mean) * (row[c] - mean);
            }
            double std = Math.sqrt(var / rows.length);
            for (double[] row : rows) {
                row[c] = std <= 1e-9 ? 0 : (row[c] - mean) / std;
            }
        }
    }

    /**
     * Checkerboard novelty: the weighted mean similarity within the past and within the future minus the mean across
     * them; parts of the kernel past either end of the track are left out, so the ends do not read as changes.
     */
    private static double[] novelty(double[][] s, int kernel) {
        int n = s.length;
        double[] taper = new double[2 * kernel];
        for (int k = 0; k < 2 * kernel; k++) {
            double x = (k - kernel + 0.5) / (kernel * 0.5);
            taper[k] = Math.exp(-0.5 * x * x);
        }
        double[] out = new double[n];
        for (int i = 1; i < n; i++) {
            double same = 0;
            double sameWeight = 0;
            double cross = 0;
            double crossWeight = 0;
            for (int a = 0; a < 2 * kernel; a++) {
                int p = i - kernel + a;
                if (p < 0 || p >= n) {
                    continue;
                }
                for (int b = 0; b < 2 * kernel; b++) {
                    int q = i - kernel + b;
                    if (q < 0 || q >= n) {
                        continue;
                    }
                    double w = taper[a] * taper[b];
                    if ((a < kernel) == (b < kernel)) {
                        same += w * s[p][q];
                        sameWeight += w;
                    } else {
                        cross += w * s[p][q];
                        crossWeight += w;
                    }
                }
            }
            out[i] = sameWeight == 0 || crossWeight == 0 ? 0 : same / sameWeight - cross / crossWeight;
        }
        return out;
    }

    /** Local maxima at least {@code minGap} units apart, clearly above the novelty's typical level. */
    private static List<Integer> peaks(double[] novelty, int minGap) {
        int n = novelty.length;
        double max = 0;
        double mean = 0;
        for (double v : novelty) {
            max = Math.max(max, v);
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : novelty) {
            var += (v - mean) * (v - mean);
        }
        double threshold = Math.max(0.05, Math.max(mean + Math.sqrt(var / n), 0.25 * max));
        List<Integer> candidates = new ArrayList<>();
        for (int i = minGap; i <= n - minGap; i++) {
            if (novelty[i] < threshold) {
                continue;
            }
            boolean isMax = true;
            for (int j = Math.max(0, i - minGap); j <= Math.min(n - 1, i + minGap) && isMax; j++) {
                if (novelty[j] > novelty[i] || (novelty[j] == novelty[i] && j < i)) {
                    isMax = false;
                }
            }
            if (isMax) {
                candidates.add(i);
            }
        }
        return candidates;
    }

    /**
     * Labels in order of appearance: a section whose block of the similarity matrix against an earlier label's first
     * section is (nearly) as high as both sections' own blocks repeats that label, a little lower is a variant (').
     */
    private static List<String> label(double[][] s, List<Integer> starts) {
        int count = starts.size() - 1;
        double[] self = new double[count];
        for (int i = 0; i < count; i++) {
            self[i] = blockMean(s, starts, i, i);
        }
        List<Integer> prototypes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int bestLabel = -1;
            double bestRatio = 0;
            for (int p = 0; p < prototypes.size(); p++) {
                int j = prototypes.get(p);
                double ratio = blockMean(s, starts, i, j) / Math.sqrt(self[i] * self[j]);
                if (ratio > bestRatio) {
                    bestRatio = ratio;
                    bestLabel = p;
                }
            }
            if (bestLabel >= 0 && bestRatio >= SAME) {
                labels.add(letter(bestLabel));
            } else if (bestLabel >= 0 && bestRatio >= VARIANT) {
                labels.add(letter(bestLabel) + "'");
            } else {
                prototypes.add(i);
                labels.add(letter(prototypes.size() - 1));
            }
        }
        return labels;
    }

    private static String letter(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : "Z" + (index - 25);
    }

    private static double blockMean(double[][] s, List<Integer> starts, int i, int j) {
        double sum = 0;
        int count = 0;
        for (int p = starts.get(i); p < starts.get(i + 1); p++) {
            for (int q = starts.get(j); q < starts.get(j + 1); q++) {
                sum += s[p][q];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double meanRms(double[] blockRms, double from, double to) {
        int a = (int) Math.floor(from * 10);
        int b = Math.min(blockRms.length, (int) Math.ceil(to * 10));
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += blockRms[i];
        }
        return b > a ? sum / (b - a) : 0;
    }
}
