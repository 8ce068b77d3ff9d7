package io.clipizy.gateway.local.audio;

/**
 * A real FFT for frames of one fixed power-of-two size, computed as a half-size complex FFT plus a split step.
 * Written here rather than taken from a library because the analysis needs only this one operation (power spectra of
 * windowed frames), it must not allocate per frame (hundreds of thousands of frames per song), and a dependency would
 * add a jar to the service for about a hundred lines. It is the hot loop of the analysis, so it is shaped for speed:
 * the window is applied while loading the frame in bit-reversed order, pairs of radix-2 stages are fused into one
 * radix-4 pass over memory (half the loads and stores), every stage reads its twiddles from a contiguous table, and
 * the split step produces bins {@code k} and {@code M-k} from the same loads. Not thread-safe: one instance per
 * analysis pass.
 */
final class Fft {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    /** Twiddles of the stage whose butterflies span {@code h}: {@code exp(-2 pi i j / 2h)} at index {@code h + j}. */
    private final double[] twRe;
    private final double[] twIm;
    private final double[] splitCos;
    private final double[] splitSin;
    private final double[] re;
    private final double[] im;

    Fft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4, was " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.re = new double[half];
        this.im = new double[half];
        this.bitReverse = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) {
            bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        this.twRe = new double[Math.max(2, half)];
        this.twIm = new double[Math.max(2, half)];
        for (int h = 1; h < half; h <<= 1) {
            for (int j = 0; j < h; j++) {
                twRe[h + j] = Math.cos(-Math.PI * j / h);
                twIm[h + j] = Math.sin(-Math.PI * j / h);
            }
        }
        this.splitCos = new double[half + 1];
        this.splitSin = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            splitCos[k] = Math.cos(-2 * Math.PI * k / n);
            splitSin[k] = Math.sin(-2 * Math.PI * k / n);
        }
    }

    int size() {
        return n;
    }

    /** Writes |X[k]|^2 for k = 0..n/2 of the real frame {@code x} (length n) into {@code power} (length n/2+1). */
    void power(float[] x, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            re[j] = x[2 * i];
            im[j] = x[2 * i + 1];
        }
        transform();
        split(power);
    }

    /**
     * Writes the power spectrum of {@code window[t] * samples[from + t]}, t = 0..n-1, without a separate windowing
     * pass: the product is formed while loading.
     */
    void power(float[] samples, int from, float[] window, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            int t = 2 * i;
            re[j] = samples[from + t] * window[t];
            im[j] = samples[from + t + 1] * window[t + 1];
        }
        transform();
        split(power);
    }

    private void transform() {
        double[] re = this.re;
        double[] im = this.im;
        int m = half;
        int h = 1;
        if ((Integer.numberOfTrailingZeros(m) & 1) == 1) {
            // an odd number of radix-2 stages: the first, whose twiddles are all 1, on its own
            for (int p = 0; p < m; p += 2) {
                double ar = re[p];
                double ai = im[p];
                double br = re[p + 1];
                double bi = im[p + 1];
                re[p] = ar + br;
                im[p] = ai + bi;
                re[p + 1] = ar - br;
                im[p + 1] = ai - bi;
            }
            h = 2;
        }
        // each pass does the stages of span h and 2h on groups of four points h apart
        for (; h < m; h <<= 2) {
            int span = h << 2;
            for (int start = 0; start < m; start += span) {
                for (int j = 0; j < h; j++) {
                    double w1r = twRe[h + j];
                    double w1i = twIm[h + j];
                    double w2r = twRe[2 * h + j];
                    double w2i = twIm[2 * h + j];
                    int p0 = start + j;
                    int p1 = p0 + h;
                    int p2 = p1 + h;
                    int p3 = p2 + h;
                    double x1r = re[p1] * w1r - im[p1] * w1i;
                    double x1i = re[p1] * w1i + im[p1] * w1r;
                    double x3r = re[p3] * w1r - im[p3] * w1i;
                    double x3i = re[p3] * w1i + im[p3] * w1r;
                    double b0r = re[p0] + x1r;
                    double b0i = im[p0] + x1i;
                    double b1r = re[p0] - x1r;
                    double b1i = im[p0] - x1i;
                    double b2r = re[p2] + x3r;
                    double b2i = im[p2] + x3i;
                    double b3r = re[p2] - x3r;
                    double b3i = im[p2] - x3i;
                    double c2r = b2r * w2r - b2i * w2i;
                    double c2i = b2r * w2i + b2i * w2r;
                    // the second twiddle of the span-2h stage is the first times -i
                    double c3r = b3r * w2i + b3i * w2r;
                    double c3i = -(b3r * w2r - b3i * w2i);
                    re[p0] = b0r + c2r;
                    im[p0] = b0i + c2i;
                    re[p2] = b0r - c2r;
                    im[p2] = b0i - c2i;
                    re[p1] = b1r + c3r;
                    im[p1] = b1i + c3i;
                    re[p3] = b1r - c3r;
                    im[p3] = b1i - c3i;
                }
            }
        }
    }

    /** The real spectrum from the half-size complex one: X[k] = E[k] + W^k O[k], bins k and M-k together. */
    private void split(double[] power) {
        double[] re = this.re;
        double[] im = this.im;
        int m = half;
        power[0] = bin(0);
        power[m] = bin(m);
        if (m >= 2) {
            power[m / 2] = bin(m / 2);
        }
        for (int k = 1; k < m / 2; k++) {
            int b = m - k;
            double zr = re[k];
            double zi = im[k];
            double cr = re[b];
            double ci = -im[b];
            double er = 0.5 * (zr + cr);
            double ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci);
            double oi = -0.5 * (zr - cr);
            double wr = splitCos[k];
            double wi = splitSin[k];
            double tr = wr * or - wi * oi;
            double ti = wr * oi + wi * or;
            double xr = er + tr;
            double xi = ei + ti;
            power[k] = xr * xr + xi * xi;
            // bin M-k reads the same two values: E' = conj(E), O' = conj(O), W^(M-k) = -conj(W^k)
            double yr = er - tr;
            double yi = -ei + ti;
            power[b] = yr * yr + yi * yi;
        }
    }

    private double bin(int k) {
        int a = k == half ? 0 : k;
        int b = k == 0 ? 0 : half - k;
        double zr = re[a];
        double zi = im[a];
        double cr = re[b];
        double ci = -im[b];
        double er = (zr + cr) / 2;
        double ei = (zi + ci) / 2;
        // odd part: (Z[k] - conj(Z[M-k])) / 2i
        double or = (zi - ci) / 2;
        double oi = -(zr - cr) / 2;
        double wr = splitCos[k];
        double wi = splitSin[k];
        double xr = er + wr * or - wi * oi;
        double xi = ei + wr * oi + wi * or;
        return xr * xr + xi * xi;
    }
}
