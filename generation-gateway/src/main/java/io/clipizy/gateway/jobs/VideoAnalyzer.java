package io.clipizy.gateway.jobs;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.FfmpegProcess;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Measures a video with the bundled FFmpeg: its facts from ffprobe, shot cuts from FFmpeg's scene-change detector
 * ({@code scdet}), and, from small RGB frames sampled a few times a second, its dominant colours and its motion level.
 * Plain Java on the calling thread (run it on a worker pool); deterministic for a given file.
 */
public final class VideoAnalyzer {
    private static final int SAMPLE_W = 32;
    private static final int SAMPLE_H = 18;
    private static final int MAX_SAMPLES = 600;
    private static final int BIN_BITS = 3;
    private static final String[] NAMES = {"black", "white", "grey", "red", "orange", "yellow", "green", "cyan", "blue",
        "purple", "pink", "brown"};
    private static final int[][] NAMED_RGB = {{0, 0, 0}, {255, 255, 255}, {128, 128, 128}, {220, 30, 30},
        {245, 140, 20}, {240, 220, 40}, {40, 170, 60}, {40, 200, 210}, {30, 60, 220}, {130, 50, 180}, {240, 130, 180},
        {120, 75, 40}};

    private final Ffmpeg ffmpeg;
    private final double sceneThreshold;

    /** @param sceneThreshold scdet's threshold: the scene score (percent) above which a frame starts a new shot */
    public VideoAnalyzer(Ffmpeg ffmpeg, double sceneThreshold) {
        this.ffmpeg = ffmpeg;
        this.sceneThreshold = sceneThreshold;
    }

    public MeasuredAnalysis analyze(Path video, Cancellation cancellation) {
        MediaProbe probe = ffmpeg.probe(video, "video");
        MediaProbe.Stream stream = probe.video();
        if (stream == null) {
            throw new InvalidInputException("The file has no video stream to analyse");
        }
        double duration = !Double.isNaN(probe.durationSeconds()) ? probe.durationSeconds()
                : Double.isNaN(stream.durationSeconds()) ? 0 : stream.durationSeconds();
        Double frameRate = stream.frames() > 0 && duration > 0 ? round(stream.frames() / duration, 3) : null;
        List<Double> cuts = cuts(video, cancellation);
        double rate = duration > 0 ? Math.max(0.5, Math.min(4, MAX_SAMPLES / duration)) : 4;
        Samples samples = sample(video, rate, cuts, cancellation);
        return new MeasuredAnalysis(MeasuredAnalysis.METHOD, round(duration, 3), stream.width(), stream.height(),
                frameRate, stream.codecName(), cuts, cuts.size() + 1, samples.colours(), samples.motion(),
                samples.frames);
    }

    /** Times (seconds) where a new shot starts, from scdet's {@code lavfi.scd.time} metadata. */
    List<Double> cuts(Path video, Cancellation cancellation) {
        String filter = String.format(Locale.ROOT, "scdet=threshold=%s,metadata=mode=print:file=-",
                Double.toString(sceneThreshold));
        List<Double> cuts = new ArrayList<>();
        try (FfmpegProcess process = ffmpeg.start(List.of("-i", video.toString(), "-an", "-sn", "-dn", "-vf", filter,
                "-f", "null", "-"), cancellation)) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("lavfi.scd.time=")) {
                        double at = Double.parseDouble(line.substring("lavfi.scd.time=".length()).trim());
                        if (at > 0) {
                            cuts.add(round(at, 3));
                        }
                    }
                }
            } catch (IOException | NumberFormatException e) {
                cancellation.check();
                throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot read FFmpeg's scene detection", e);
            }
            check(process, "scene detection");
        }
        return cuts;
    }

    private Samples sample(Path video, double rate, List<Double> cuts, Cancellation cancellation) {
        String filter = String.format(Locale.ROOT, "fps=%s,scale=%d:%d:flags=area,format=rgb24", Double.toString(rate),
                SAMPLE_W, SAMPLE_H);
        Samples samples = new Samples(rate, cuts);
        try (FfmpegProcess process = ffmpeg.start(List.of("-i", video.toString(), "-an", "-sn", "-dn", "-vf", filter,
                "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"), cancellation)) {
            byte[] frame = new byte[SAMPLE_W * SAMPLE_H * 3];
            try (InputStream in = process.stdout(); DataInputStream data = new DataInputStream(in)) {
                while (true) {
                    try {
                        data.readFully(frame);
                    } catch (EOFException end) {
                        break;
                    }
                    samples.add(frame);
                    cancellation.check();
                }
            } catch (IOException e) {
                cancellation.check();
                throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot read FFmpeg's sampled frames", e);
            }
            check(process, "frame sampling");
        }
        return samples;
    }

    private static void check(FfmpegProcess process, String what) {
        int exit = process.waitFor();
        if (exit != 0) {
            throw new InvalidInputException("FFmpeg could not decode the video for " + what + ": " + process.errorTail());
        }
    }

    /** Colour histogram and luma differences over the sampled frames. */
    private static final class Samples {
        private final double rate;
        private final List<Double> cuts;
        private final long[] count = new long[1 << (3 * BIN_BITS)];
        private final long[][] sum = new long[1 << (3 * BIN_BITS)][3];
        private double[] previousLuma;
        private double motionSum;
        private int motionPairs;
        private int frames;

        Samples(double rate, List<Double> cuts) {
            this.rate = rate;
            this.cuts = cuts;
        }

        void add(byte[] rgb) {
            double[] luma = new double[SAMPLE_W * SAMPLE_H];
            int shift = 8 - BIN_BITS;
            for (int p = 0; p < luma.length; p++) {
                int r = rgb[3 * p] & 0xff;
                int g = rgb[3 * p + 1] & 0xff;
                int b = rgb[3 * p + 2] & 0xff;
                int bin = ((r >> shift) << (2 * BIN_BITS)) | ((g >> shift) << BIN_BITS) | (b >> shift);
                count[bin]++;
                sum[bin][0] += r;
                sum[bin][1] += g;
                sum[bin][2] += b;
                luma[p] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            }
            if (previousLuma != null && !acrossCut(frames)) {
                double diff = 0;
                for (int p = 0; p < luma.length; p++) {
                    diff += Math.abs(luma[p] - previousLuma[p]);
                }
                motionSum += diff / luma.length / 255.0;
                motionPairs++;
            }
            previousLuma = luma;
            frames++;
        }

        /** Whether a cut falls between sample {@code index - 1} and sample {@code index}. */
        private boolean acrossCut(int index) {
            double from = (index - 1) / rate;
            double to = (index + 0.5) / rate;
            for (double cut : cuts) {
                if (cut > from - 0.5 / rate && cut <= to) {
                    return true;
                }
            }
            return false;
        }

        MeasuredAnalysis.Motion motion() {
            // per second of video, so the sampling rate does not change the score
            double score = motionPairs == 0 ? 0 : motionSum / motionPairs * rate;
            String level = score < 0.01 ? "static" : score < 0.05 ? "low" : score < 0.15 ? "medium" : "high";
            return new MeasuredAnalysis.Motion(level, round(score, 4));
        }

        List<MeasuredAnalysis.Colour> colours() {
            long total = 0;
            List<int[]> bins = new ArrayList<>();
            for (int bin = 0; bin < count.length; bin++) {
                total += count[bin];
                if (count[bin] > 0) {
                    bins.add(new int[]{bin});
                }
            }
            if (total == 0) {
                return List.of();
            }
            bins.sort(Comparator.comparingLong((int[] b) -> count[b[0]]).reversed());
            List<double[]> chosen = new ArrayList<>();
            for (int[] b : bins) {
                long n = count[b[0]];
                double[] mean = {sum[b[0]][0] / (double) n, sum[b[0]][1] / (double) n, sum[b[0]][2] / (double) n};
                double[] near = null;
                for (double[] c : chosen) {
                    if (distance(c, mean) < 48) {
                        near = c;
                        break;
                    }
                }
                if (near == null) {
                    chosen.add(new double[]{mean[0] * n, mean[1] * n, mean[2] * n, n});
                } else {
                    near[0] += mean[0] * n;
                    near[1] += mean[1] * n;
                    near[2] += mean[2] * n;
                    near[3] += n;
                }
            }
            List<MeasuredAnalysis.Colour> colours = new ArrayList<>();
            chosen.sort(Comparator.comparingDouble((double[] c) -> c[3]).reversed());
            for (double[] c : chosen) {
                double share = c[3] / total;
                if (colours.size() == 5 || share < 0.02) {
                    break;
                }
                int r = (int) Math.round(c[0] / c[3]);
                int g = (int) Math.round(c[1] / c[3]);
                int b = (int) Math.round(c[2] / c[3]);
                colours.add(new MeasuredAnalysis.Colour(String.format("#%02x%02x%02x", r, g, b), name(r, g, b),
                        round(share, 3)));
            }
            return colours;
        }

        /** Distance between a weighted sum ({@code c[3]} pixels) and a mean colour. */
        private static double distance(double[] weighted, double[] mean) {
            double dr = weighted[0] / weighted[3] - mean[0];
            double dg = weighted[1] / weighted[3] - mean[1];
            double db = weighted[2] / weighted[3] - mean[2];
            return Math.sqrt(dr * dr + dg * dg + db * db);
        }
    }

    static String name(int r, int g, int b) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < NAMES.length; i++) {
            double dr = r - NAMED_RGB[i][0];
            double dg = g - NAMED_RGB[i][1];
            double db = b - NAMED_RGB[i][2];
            double d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return NAMES[best];
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
