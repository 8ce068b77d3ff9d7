package io.clipizy.gateway.local.audio;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Turns a stream of decoded audio into frame-level features as it arrives, so the samples themselves are never kept:
 * a fine spectrogram (1024-point frames every 256 samples) gives the onset envelopes (broadband, low and high band)
 * and spectral shape; a coarse one (4096-point frames every 100 ms) gives chroma, the bass line's pitch class and
 * timbre; 100 ms blocks give the energy curve and the loudness. Memory grows with duration only at the feature rates
 * (about 3 x 86 + 10 x 37 numbers a second, a few MB for two hours). The fine and the
 * coarse passes share no state, so with a helper executor they run on two threads.
 */
public final class FeatureExtractor implements PcmSink {
    /** The sample rate the decoder delivers and the analysis assumes. */
    public static final int SAMPLE_RATE = 22050;
    static final int FAST_SIZE = 1024;
    static final int FAST_HOP = 256;
    static final int SLOW_SIZE = 4096;
    static final int SLOW_HOP = SAMPLE_RATE / 10;
    static final int BLOCK = SAMPLE_RATE / 10;
    static final int CHROMA = 12;
    static final int TIMBRE = 12;
    private static final int MEL_BANDS = 24;
    private static final double LOW_BAND_LIMIT_HZ = 200;
    private static final double BASS_FROM_HZ = 30;
    private static final double BASS_TO_HZ = 150;
    /** Bands from here up hold the noise of snares and hi-hats and hardly any pitched partials. */
    private static final double HIGH_BAND_FROM_HZ = 3000;
    /** Chunks handed to the helper and not yet processed, at most (each a few hundred ms of audio). */
    private static final int MAX_PENDING_CHUNKS = 6;

    private final int channels;
    private final LoudnessMeter loudness;
    private final Fft fastFft = new Fft(FAST_SIZE);
    private final Fft slowFft = new Fft(SLOW_SIZE);
    private final float[] fastWindow = hann(FAST_SIZE);
    private final float[] slowWindow = hann(SLOW_SIZE);
    private final float[] fastBuffer = new float[FAST_SIZE];
    private final float[] slowBuffer = new float[SLOW_SIZE];
    private final double[] fastPower = new double[FAST_SIZE / 2 + 1];
    private final double[] slowPower = new double[SLOW_SIZE / 2 + 1];
    private final double fastScale;
    private final double slowScale;
    private final int[] bandEdges;
    private final int lowBands;
    private final int highBandsFrom;
    private final double[] bandLevels;
    private final double[] previousLevels;
    private final double[] previousAmplitudes;
    private final int[] chromaClass;
    private final float[] chromaWeight;
    private final int chromaFrom;
    private final int chromaTo;
    private final int[] melStart;
    private final float[][] melWeights;
    private final double[][] dct;
    private final float[] chromaRow = new float[CHROMA];
    private final int bassFrom;
    private final int bassTo;
    private final float[] bassRow = new float[CHROMA];
    private final float[] timbreRow = new float[TIMBRE];
    private final double[] melEnergy = new double[MEL_BANDS];
    private float[] monoBuffer = new float[0];
    private final Executor helper;
    private final ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
    private CompletableFuture<Void> slowTail = CompletableFuture.completedFuture(null);
    private int fastFill = FAST_SIZE / 2;
    private int slowFill = SLOW_SIZE / 2;
    private long samples;
    private double blockSquares;
    private int blockFill;
    private float previousSample;
    private long zeroCrossings;
    private boolean firstFastFrame = true;
    private double centroidSum;
    private double rolloffSum;
    private double bandwidthSum;
    private long spectralFrames;
    private boolean finished;

    final FloatSeries onset = new FloatSeries(1, 4096);
    final FloatSeries lowOnset = new FloatSeries(1, 4096);
    final FloatSeries highOnset = new FloatSeries(1, 4096);
    final FloatSeries chroma = new FloatSeries(CHROMA, 1024);
    final FloatSeries bassChroma = new FloatSeries(CHROMA, 1024);
    final FloatSeries timbre = new FloatSeries(TIMBRE, 1024);
    final FloatSeries blockRms = new FloatSeries(1, 1024);

    /** Features computed on the calling thread alone. */
    public FeatureExtractor(int channels) {
        this(channels, null);
    }

    /**
     * Features with the slow pass (loudness, energy, the coarse spectrogram) on {@code helper}, in order, while the
     * calling thread computes the fine spectrogram; the results are the same as on one thread. The helper must run
     * a task it cannot queue on the submitting thread rather than drop it.
     */
    public FeatureExtractor(int channels, Executor helper) {
        this.helper = helper;
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1");
        }
        this.channels = channels;
        this.loudness = new LoudnessMeter(SAMPLE_RATE, channels);
        this.fastScale = windowScale(fastWindow);
        this.slowScale = windowScale(slowWindow);
        this.bandEdges = logBands(FAST_SIZE);
        int low = 0;
        for (int b = 0; b + 1 < bandEdges.length; b++) {
            if (bandEdges[b + 1] * binHz(FAST_SIZE) <= LOW_BAND_LIMIT_HZ) {
                low = b + 1;
            }
        }
        this.lowBands = Math.max(1, low);
        int high = 0;
        while (high < bandEdges.length - 2 && bandEdges[high] * binHz(FAST_SIZE) < HIGH_BAND_FROM_HZ) {
            high++;
        }
        this.highBandsFrom = high;
        this.bandLevels = new double[bandEdges.length - 1];
        this.previousLevels = new double[bandEdges.length - 1];
        this.previousAmplitudes = new double[bandEdges.length - 1];
        this.chromaFrom = (int) Math.ceil(100 / binHz(SLOW_SIZE));
        this.chromaTo = (int) Math.floor(4200 / binHz(SLOW_SIZE));
        this.chromaClass = new int[chromaTo + 1];
        this.chromaWeight = new float[chromaTo + 1];
        for (int k = chromaFrom; k <= chromaTo; k++) {
            double midi = 69 + 12 * Math.log(k * binHz(SLOW_SIZE) / 440.0) / Math.log(2);
            long nearest = Math.round(midi);
            chromaClass[k] = (int) Math.floorMod(nearest, 12L);
            // bins between two semitones count less: a tone's energy spreads over neighbouring bins
            chromaWeight[k] = (float) Math.cos(Math.PI * (midi - nearest));
        }
        // the bass line: the strongest low peak, 30 to 150 Hz, is a bass note's fundamental or its octave
        this.bassFrom = (int) Math.ceil(BASS_FROM_HZ / binHz(SLOW_SIZE));
        this.bassTo = (int) Math.floor(BASS_TO_HZ / binHz(SLOW_SIZE));
        this.melStart = new int[MEL_BANDS];
        this.melWeights = new float[MEL_BANDS][];
        melFilters(SLOW_SIZE, 60, 8000);
        this.dct = new double[TIMBRE][MEL_BANDS];
        for (int c = 0; c < TIMBRE; c++) {
            for (int m = 0; m < MEL_BANDS; m++) {
                dct[c][m] = Math.cos(Math.PI * (c + 1) * (m + 0.5) / MEL_BANDS) * Math.sqrt(2.0 / MEL_BANDS);
            }
        }
    }

    @Override
    public void accept(float[] interleaved, int frames) {
        if (finished) {
            throw new IllegalStateException("features already finished");
        }
        samples += frames;
        if (helper == null) {
            float[] mono = channels == 1 ? interleaved : mix(interleaved, frames, monoBuffer(frames));
            slowPart(interleaved, mono, frames);
            pushFast(mono, frames);
            return;
        }
        // the caller reuses its buffer: the helper gets copies it alone owns
        float[] mono = channels == 1 ? Arrays.copyOf(interleaved, frames)
                : mix(interleaved, frames, new float[frames]);
        float[] frame = channels == 1 ? mono : Arrays.copyOf(interleaved, frames * channels);
        schedule(() -> slowPart(frame, mono, frames));
        pushFast(mono, frames);
    }

    private float[] monoBuffer(int frames) {
        if (monoBuffer.length < frames) {
            monoBuffer = new float[frames];
        }
        return monoBuffer;
    }

    private float[] mix(float[] interleaved, int frames, float[] mono) {
        float scale = 1f / channels;
        for (int f = 0, i = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i++];
            }
            mono[f] = sum * scale;
        }
        return mono;
    }

    /** Runs {@code work} on the helper after the work before it; waits when too much is queued (bounded memory). */
    private void schedule(Runnable work) {
        slowTail = slowTail.thenRunAsync(work, helper);
        pending.addLast(slowTail);
        while (pending.size() > MAX_PENDING_CHUNKS) {
            await(pending.removeFirst());
        }
    }

    private static void await(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The slow pass: loudness, 100 ms energy blocks, zero crossings, the coarse spectrogram (chroma, timbre). */
    private void slowPart(float[] interleaved, float[] mono, int frames) {
        loudness.accept(interleaved, frames);
        float previous = previousSample;
        long crossings = zeroCrossings;
        double squares = blockSquares;
        int fill = blockFill;
        for (int f = 0; f < frames; f++) {
            float x = mono[f];
            if ((x >= 0) != (previous >= 0)) {
                crossings++;
            }
            previous = x;
            squares += x * x;
            if (++fill == BLOCK) {
                blockRms.add((float) Math.sqrt(squares / BLOCK));
                squares = 0;
                fill = 0;
            }
        }
        previousSample = previous;
        zeroCrossings = crossings;
        blockSquares = squares;
        blockFill = fill;
        pushSlow(mono, frames);
    }

    private void pushFast(float[] mono, int frames) {
        int at = 0;
        while (at < frames) {
            int take = Math.min(frames - at, FAST_SIZE - fastFill);
            System.arraycopy(mono, at, fastBuffer, fastFill, take);
            fastFill += take;
            at += take;
            if (fastFill == FAST_SIZE) {
                fastFrame();
                System.arraycopy(fastBuffer, FAST_HOP, fastBuffer, 0, FAST_SIZE - FAST_HOP);
                fastFill = FAST_SIZE - FAST_HOP;
            }
        }
    }

    private void pushSlow(float[] mono, int frames) {
        int at = 0;
        while (at < frames) {
            int take = Math.min(frames - at, SLOW_SIZE - slowFill);
            System.arraycopy(mono, at, slowBuffer, slowFill, take);
            slowFill += take;
            at += take;
            if (slowFill == SLOW_SIZE) {
                slowFrame();
                System.arraycopy(slowBuffer, SLOW_HOP, slowBuffer, 0, SLOW_SIZE - SLOW_HOP);
                slowFill = SLOW_SIZE - SLOW_HOP;
            }
        }
    }

    /** Flushes the last frames (the stream is padded with silence to centre them) and returns the features. */
    public AudioFeatures finish() {
        if (!finished) {
            await(slowTail);
            pending.clear();
            float[] silence = new float[SLOW_SIZE / 2];
            pushFast(silence, silence.length);
            pushSlow(silence, silence.length);
            if (blockFill >= BLOCK / 2) {
                blockRms.add((float) Math.sqrt(blockSquares / blockFill));
            }
            finished = true;
        }
        int fastFrames = (int) Math.min(onset.rows(), samples / FAST_HOP + 1);
        int slowFrames = (int) Math.min(chroma.rows(), samples / SLOW_HOP + 1);
        double perFrame = spectralFrames == 0 ? 0 : 1.0 / spectralFrames;
        return new AudioFeatures(SAMPLE_RATE, samples,
                trim(onset.column(0), fastFrames), trim(lowOnset.column(0), fastFrames),
                trim(highOnset.column(0), fastFrames),
                chroma, bassChroma, timbre, slowFrames, blockRms.column(0), loudness.integrated(),
                centroidSum * perFrame, rolloffSum * perFrame, bandwidthSum * perFrame,
                samples == 0 ? 0 : (double) zeroCrossings / samples);
    }

    private static double[] trim(double[] values, int length) {
        return values.length == length ? values : Arrays.copyOf(values, length);
    }

    private void fastFrame() {
        fastFft.power(fastBuffer, 0, fastWindow, fastPower);
        double binHz = binHz(FAST_SIZE);
        double total = 0;
        double weighted = 0;
        for (int k = 0; k < fastPower.length; k++) {
            double magnitude = Math.sqrt(fastPower[k]) * fastScale;
            fastPower[k] = magnitude;
            total += magnitude;
            weighted += magnitude * k * binHz;
        }
        double flux = 0;
        double lowFlux = 0;
        double highFlux = 0;
        for (int b = 0; b < bandLevels.length; b++) {
            double sum = 0;
            for (int k = bandEdges[b]; k < bandEdges[b + 1]; k++) {
                sum += fastPower[k] * fastPower[k];
            }
            double amplitude = Math.sqrt(sum / (bandEdges[b + 1] - bandEdges[b]));
            // log compression: loud and quiet onsets count alike, hiss far below the music barely moves it
            double level = Math.log10(1 + 1000 * amplitude);
            double rise = level - previousLevels[b];
            if (!firstFastFrame && rise > 0) {
                flux += rise;
                if (b < lowBands) {
                    lowFlux += rise;
                }
            }
            previousLevels[b] = level;
            // the high bands' flux stays linear: a snare on top of a hi-hat must count more than the hi-hat alone,
            // which the log compression above would all but hide
            if (b >= highBandsFrom && !firstFastFrame && amplitude > previousAmplitudes[b]) {
                highFlux += amplitude - previousAmplitudes[b];
            }
            previousAmplitudes[b] = amplitude;
        }
        firstFastFrame = false;
        onset.add((float) flux);
        lowOnset.add((float) lowFlux);
        highOnset.add((float) highFlux);
        if (total > 1e-9) {
            double centroid = weighted / total;
            double spread = 0;
            double cumulative = 0;
            double rolloff = 0;
            boolean rolled = false;
            for (int k = 0; k < fastPower.length; k++) {
                double f = k * binHz;
                spread += fastPower[k] * (f - centroid) * (f - centroid);
                cumulative += fastPower[k];
                if (!rolled && cumulative >= 0.85 * total) {
                    rolloff = f;
                    rolled = true;
                }
            }
            centroidSum += centroid;
            rolloffSum += rolloff;
            bandwidthSum += Math.sqrt(spread / total);
            spectralFrames++;
        }
    }

    private void slowFrame() {
        slowFft.power(slowBuffer, 0, slowWindow, slowPower);
        Arrays.fill(chromaRow, 0f);
        for (int k = chromaFrom; k <= chromaTo; k++) {
            if (chromaWeight[k] > 0) {
                chromaRow[chromaClass[k]] += (float) (Math.sqrt(slowPower[k]) * slowScale * chromaWeight[k]);
            }
        }
        chroma.add(chromaRow, 0);
        Arrays.fill(bassRow, 0f);
        int peak = bassFrom;
        for (int k = bassFrom + 1; k <= bassTo; k++) {
            if (slowPower[k] > slowPower[peak]) {
                peak = k;
            }
        }
        if (peak > bassFrom && peak < bassTo && slowPower[peak] > 0) {
            // parabolic interpolation on the log power: bins are 5.4 Hz wide, a semitone at 40 Hz is 2.4 Hz
            double a = Math.log(slowPower[peak - 1] + 1e-20);
            double b = Math.log(slowPower[peak]);
            double c = Math.log(slowPower[peak + 1] + 1e-20);
            double denominator = a - 2 * b + c;
            double delta = denominator < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / denominator)) : 0;
            double midi = 69 + 12 * Math.log((peak + delta) * binHz(SLOW_SIZE) / 440.0) / Math.log(2);
            bassRow[(int) Math.floorMod(Math.round(midi), 12L)] = (float) (Math.sqrt(slowPower[peak]) * slowScale);
        }
        bassChroma.add(bassRow, 0);
        double scale2 = slowScale * slowScale;
        for (int m = 0; m < MEL_BANDS; m++) {
            double e = 0;
            float[] w = melWeights[m];
            for (int i = 0; i < w.length; i++) {
                e += slowPower[melStart[m] + i] * w[i];
            }
            melEnergy[m] = 10 * Math.log10(e * scale2 + 1e-10);
        }
        for (int c = 0; c < TIMBRE; c++) {
            double v = 0;
            for (int m = 0; m < MEL_BANDS; m++) {
                v += dct[c][m] * melEnergy[m];
            }
            timbreRow[c] = (float) v;
        }
        timbre.add(timbreRow, 0);
    }

    private void melFilters(int size, double lowHz, double highHz) {
        double lowMel = mel(lowHz);
        double highMel = mel(highHz);
        double[] centres = new double[MEL_BANDS + 2];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = inverseMel(lowMel + (highMel - lowMel) * i / (MEL_BANDS + 1)) / binHz(size);
        }
        for (int m = 0; m < MEL_BANDS; m++) {
            int from = (int) Math.floor(centres[m]);
            int to = (int) Math.ceil(centres[m + 2]);
            float[] weights = new float[to - from + 1];
            for (int k = from; k <= to; k++) {
                double w = k <= centres[m + 1]
                        ? (k - centres[m]) / (centres[m + 1] - centres[m])
                        : (centres[m + 2] - k) / (centres[m + 2] - centres[m + 1]);
                weights[k - from] = (float) Math.max(0, w);
            }
            melStart[m] = from;
            melWeights[m] = weights;
        }
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double inverseMel(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Band edges (FFT bins) a quarter octave apart from about 40 Hz to the Nyquist frequency. */
    private static int[] logBands(int size) {
        java.util.List<Integer> edges = new java.util.ArrayList<>();
        int half = size / 2;
        double hz = 40;
        int previous = 1;
        edges.add(previous);
        while (previous < half) {
            hz *= Math.pow(2, 0.25);
            int bin = Math.min(half, Math.max(previous + 1, (int) Math.round(hz / binHz(size))));
            edges.add(bin);
            previous = bin;
        }
        return edges.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double binHz(int size) {
        return (double) SAMPLE_RATE / size;
    }

    private static float[] hann(int size) {
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / size));
        }
        return w;
    }

    /** Scales FFT magnitudes so a full-scale sine reads about 1 in its peak bin. */
    private static double windowScale(float[] window) {
        double sum = 0;
        for (float w : window) {
            sum += w;
        }
        return 2 / sum;
    }
}
