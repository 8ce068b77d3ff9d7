package io.clipizy.gateway.local.audio;

/**
 * Integrated loudness after ITU-R BS.1770-4 / EBU R128: each channel K-weighted (a high shelf and a high-pass, with
 * coefficients computed for the sample rate as libebur128 does), mean squares summed over channels per 100 ms,
 * 400 ms blocks overlapping by 75 %, then the absolute (-70 LUFS) and relative (-10 LU) gates. Keeps one number
 * per 100 ms, so memory grows with duration at 10 values a second.
 */
final class LoudnessMeter {
    private final int channels;
    private final int blockSize;
    private final double[][] state;
    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private final double hpA1;
    private final double hpA2;
    private final double[] channelSums;
    private int inBlock;
    private double[] blocks = new double[1024];
    private int blockCount;

    LoudnessMeter(int sampleRate, int channels) {
        this.channels = channels;
        this.blockSize = sampleRate / 10;
        this.state = new double[channels][4];
        this.channelSums = new double[channels];
        double f0 = 1681.974450955533;
        double gain = 3.999843853973347;
        double q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / sampleRate);
        double vh = Math.pow(10.0, gain / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + k / q + k * k;
        b0 = (vh + vb * k / q + k * k) / a0;
        b1 = 2.0 * (k * k - vh) / a0;
        b2 = (vh - vb * k / q + k * k) / a0;
        a1 = 2.0 * (k * k - 1.0) / a0;
        a2 = (1.0 - k / q + k * k) / a0;
        double hf0 = 38.13547087602444;
        double hq = 0.5003270373238773;
        double hk = Math.tan(Math.PI * hf0 / sampleRate);
        double ha0 = 1.0 + hk / hq + hk * hk;
        hpA1 = 2.0 * (hk * hk - 1.0) / ha0;
        hpA2 = (1.0 - hk / hq + hk * hk) / ha0;
    }

    /** Adds {@code frames} interleaved sample frames. */
    void accept(float[] interleaved, int frames) {
        int from = 0;
        while (from < frames) {
            // up to the end of the current 100 ms block, one channel at a time with its filter state in locals
            int to = Math.min(frames, from + blockSize - inBlock);
            for (int c = 0; c < channels; c++) {
                double[] s = state[c];
                double s0 = s[0];
                double s1 = s[1];
                double s2 = s[2];
                double s3 = s[3];
                double sum = 0;
                for (int i = from * channels + c, end = to * channels; i < end; i += channels) {
                    double x = interleaved[i];
                    // transposed direct form II, shelf then high-pass (numerator 1, -2, 1)
                    double y = b0 * x + s0;
                    s0 = b1 * x - a1 * y + s1;
                    s1 = b2 * x - a2 * y;
                    double z = y + s2;
                    s2 = -2 * y - hpA1 * z + s3;
                    s3 = y - hpA2 * z;
                    sum += z * z;
                }
                s[0] = s0;
                s[1] = s1;
                s[2] = s2;
                s[3] = s3;
                channelSums[c] += sum;
            }
            inBlock += to - from;
            from = to;
            if (inBlock == blockSize) {
                closeBlock();
            }
        }
    }

    private void closeBlock() {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += channelSums[c] / inBlock;
            channelSums[c] = 0;
        }
        if (blockCount == blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, blocks.length * 2);
        }
        blocks[blockCount++] = sum;
        inBlock = 0;
    }

    /** Integrated loudness in LUFS; {@code -70} when nothing passes the absolute gate (silence, or under 400 ms). */
    double integrated() {
        int windows = blockCount - 3;
        if (windows <= 0) {
            return -70.0;
        }
        double[] power = new double[windows];
        for (int j = 0; j < windows; j++) {
            power[j] = (blocks[j] + blocks[j + 1] + blocks[j + 2] + blocks[j + 3]) / 4;
        }
        double absoluteGate = Math.pow(10, (-70.0 + 0.691) / 10);
        double sum = 0;
        int count = 0;
        for (double z : power) {
            if (z > absoluteGate) {
                sum += z;
                count++;
            }
        }
        if (count == 0) {
            return -70.0;
        }
        double relativeGate = sum / count * Math.pow(10, -10.0 / 10);
        double gated = 0;
        int gatedCount = 0;
        for (double z : power) {
            if (z > absoluteGate && z > relativeGate) {
                gated += z;
                gatedCount++;
            }
        }
        double lufs = -0.691 + 10 * Math.log10(gated / gatedCount);
        return Math.max(-70.0, Math.min(20.0, lufs));
    }
}
