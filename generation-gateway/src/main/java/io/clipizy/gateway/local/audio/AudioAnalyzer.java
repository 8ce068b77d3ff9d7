package io.clipizy.gateway.local.audio;

import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis of decoded features: tempo and beats, bars and downbeats, note-onset peaks, sections with repetition
 * labels, key, loudness, spectral means and the curves to draw. Pure computation on one thread; the caller runs it
 * on the engine's bounded pool.
 */
public final class AudioAnalyzer {
    /** Curves for drawing are sampled at this rate. */
    public static final double CURVE_RATE = 10;
    private static final double SILENCE_RMS = 1e-4;

    /** Analyses mono samples at {@link FeatureExtractor#SAMPLE_RATE} (tests and generated audio). */
    public AudioAnalysis analyze(float[] mono, Cancellation cancellation) {
        FeatureExtractor extractor = new FeatureExtractor(1);
        int chunk = 1 << 16;
        for (int from = 0; from < mono.length; from += chunk) {
            cancellation.check();
            int frames = Math.min(chunk, mono.length - from);
            float[] part = java.util.Arrays.copyOfRange(mono, from, from + frames);
            extractor.accept(part, frames);
        }
        return analyze(extractor.finish(), cancellation, ProgressListener.NONE);
    }

    public AudioAnalysis analyze(AudioFeatures features, Cancellation cancellation, ProgressListener progress) {
        double frameRate = features.frameRate();
        double[] onset = features.onset();
        boolean silent = maxOf(features.blockRms()) < SILENCE_RMS;
        double tempo = 0;
        double confidence = 0;
        double[] beatTimes = new double[0];
        double[] downbeats = new double[0];
        int beatsPerBar = 4;
        progress.progress(0.05, "estimating the tempo");
        TempoEstimator.Tempo estimate = silent ? null : new TempoEstimator(frameRate).estimate(onset);
        cancellation.check();
        if (estimate != null) {
            progress.progress(0.2, "tracking beats");
            BeatTracker.Beats beats = new BeatTracker(frameRate).track(onset, estimate, cancellation::check);
            beats = BeatTracker.onTheBackbeat(beats, features.highOnset(), onset.length);
            if (beats.frames().length >= 3 && beats.bpm() > 0) {
                beatTimes = new double[beats.frames().length];
                for (int i = 0; i < beatTimes.length; i++) {
                    beatTimes[i] = Math.max(0, (beats.frames()[i] + BeatTracker.ONSET_LEAD_FRAMES) / frameRate);
                }
                tempo = beats.bpm();
                confidence = confidence(estimate.periodicity(), beats.regularity());
                progress.progress(0.5, "finding bars");
                MeterEstimator.Meter meter = new MeterEstimator().estimate(beats.frames(), features.lowOnset(), onset,
                        features.chroma(), frameRate / features.slowRate());
                beatsPerBar = meter.beatsPerBar();
                List<Double> bars = new ArrayList<>();
                for (int i = meter.phase(); i < beatTimes.length; i += beatsPerBar) {
                    bars.add(beatTimes[i]);
                }
                downbeats = bars.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        cancellation.check();
        progress.progress(0.6, "finding sections");
        List<AudioAnalysis.Section> sections = new SectionFinder().find(beatTimes, features, cancellation::check);
        List<AudioAnalysis.Segment> segments = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            AudioAnalysis.Section s = sections.get(i);
            segments.add(new AudioAnalysis.Segment(s.startTime(), s.endTime(), s.endTime() - s.startTime(), i));
        }
        progress.progress(0.9, "estimating the key");
        double[] chromaMean = chromaMean(features);
        AudioAnalysis.Key key = silent ? null : new KeyEstimator().estimate(chromaMean, tonicCues(features));
        progress.progress(1.0, "analysed");
        return new AudioAnalysis(features.duration(), round(tempo, 2), round(confidence, 3), beatsPerBar,
                round(features.loudnessLufs(), 2), times(beatTimes), times(downbeats), times(onsetPeaks(onset, frameRate)),
                segments, sections, key, spectral(features, chromaMean), onsetCurve(onset, frameRate, features.duration()),
                energyCurve(features.blockRms()));
    }

    /** Confidence from the envelope's periodicity at the beat period and the share of steady beat intervals. */
    private static double confidence(double periodicity, double regularity) {
        double periodic = Math.max(0, Math.min(1, (periodicity - 0.05) / 0.3));
        return Math.max(0, Math.min(1, periodic * regularity));
    }

    private static double[] chromaMean(AudioFeatures features) {
        double[] mean = new double[12];
        for (int r = 0; r < features.slowFrames(); r++) {
            for (int c = 0; c < 12; c++) {
                mean[c] += features.chroma().get(r, c);
            }
        }
        double max = maxOf(mean);
        for (int c = 0; c < 12; c++) {
            mean[c] = max <= 1e-12 ? 0 : mean[c] / max;
        }
        return mean;
    }

    /**
     * What tells relative keys apart: the bass line's pitch classes over the whole track, and the chroma of its
     * first and last {@value #KEY_EDGE_SECONDS} seconds that sound (a piece opens and, above all, closes on its tonic
     * chord); null when nothing sounds.
     */
    static KeyEstimator.TonicCues tonicCues(AudioFeatures features) {
        FloatSeries chroma = features.chroma();
        int rows = Math.min(features.slowFrames(), Math.min(chroma.rows(), features.bassChroma().rows()));
        double[] energy = new double[rows];
        double loudest = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 12; c++) {
                energy[r] += chroma.get(r, c);
            }
            loudest = Math.max(loudest, energy[r]);
        }
        if (loudest <= 1e-9) {
            return null;
        }
        int edge = (int) Math.round(KEY_EDGE_SECONDS * features.slowRate());
        int first = 0;
        while (first < rows && energy[first] < 0.1 * loudest) {
            first++;
        }
        int last = rows - 1;
        while (last > 0 && energy[last] < 0.1 * loudest) {
            last--;
        }
        return new KeyEstimator.TonicCues(shares(features.bassChroma(), 0, rows),
                shares(chroma, first, Math.min(rows, first + edge)), shares(chroma, Math.max(0, last + 1 - edge),
                last + 1));
    }

    private static final double KEY_EDGE_SECONDS = 4;

    /** Each pitch class's share of a chroma series' rows {@code [from, to)}. */
    private static double[] shares(FloatSeries series, int from, int to) {
        double[] sum = new double[12];
        double total = 0;
        for (int r = from; r < to; r++) {
            for (int c = 0; c < 12; c++) {
                sum[c] += series.get(r, c);
                total += series.get(r, c);
            }
        }
        for (int c = 0; c < 12; c++) {
            sum[c] = total <= 1e-12 ? 0 : sum[c] / total;
        }
        return sum;
    }

    private static AudioAnalysis.SpectralFeatures spectral(AudioFeatures f, double[] chromaMean) {
        double rms = 0;
        for (double v : f.blockRms()) {
            rms += v;
        }
        rms = f.blockRms().length == 0 ? 0 : rms / f.blockRms().length;
        List<Double> chroma = new ArrayList<>();
        for (double v : chromaMean) {
            chroma.add(round(v, 4));
        }
        return new AudioAnalysis.SpectralFeatures(round(f.centroidHz(), 1), round(f.rolloffHz(), 1),
                round(f.bandwidthHz(), 1), round(f.zeroCrossingRate(), 5), round(rms, 5), chroma);
    }

    /** Onsets that stand out: local maxima over +-50 ms, above the local (2 s) mean by half the track's deviation. */
    private static double[] onsetPeaks(double[] onset, double frameRate) {
        int n = onset.length;
        if (n < 3) {
            return new double[0];
        }
        double[] centred = TempoEstimator.centre(onset);
        double var = 0;
        for (double v : centred) {
            var += v * v;
        }
        double deviation = Math.sqrt(var / n);
        if (deviation <= 1e-12) {
            return new double[0];
        }
        int radius = (int) Math.round(0.05 * frameRate);
        List<Double> peaks = new ArrayList<>();
        for (int i = 1; i + 1 < n; i++) {
            if (centred[i] < 0.5 * deviation) {
                continue;
            }
            boolean isMax = true;
            for (int j = Math.max(0, i - radius); j <= Math.min(n - 1, i + radius) && isMax; j++) {
                if (onset[j] > onset[i] || (onset[j] == onset[i] && j < i)) {
                    isMax = false;
                }
            }
            if (isMax) {
                peaks.add((i + BeatTracker.ONSET_LEAD_FRAMES) / frameRate);
            }
        }
        return peaks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static AudioAnalysis.Curve onsetCurve(double[] onset, double frameRate, double duration) {
        int points = (int) Math.ceil(duration * CURVE_RATE);
        double[] curve = new double[points];
        for (int i = 0; i < onset.length; i++) {
            int p = (int) Math.floor(i / frameRate * CURVE_RATE);
            if (p < points) {
                curve[p] = Math.max(curve[p], onset[i]);
            }
        }
        double max = maxOf(curve);
        List<Double> values = new ArrayList<>(points);
        for (double v : curve) {
            values.add(max <= 1e-12 ? 0.0 : round(v / max, 3));
        }
        return new AudioAnalysis.Curve(CURVE_RATE, values);
    }

    private static AudioAnalysis.Curve energyCurve(double[] blockRms) {
        List<Double> values = new ArrayList<>(blockRms.length);
        for (double rms : blockRms) {
            values.add(round(Math.max(-100, 20 * Math.log10(Math.max(rms, 1e-5))), 2));
        }
        return new AudioAnalysis.Curve(CURVE_RATE, values);
    }

    private static List<Double> times(double[] seconds) {
        List<Double> out = new ArrayList<>(seconds.length);
        for (double s : seconds) {
            out.add(round(s, 3));
        }
        return out;
    }

    private static double maxOf(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
