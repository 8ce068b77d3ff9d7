package io.clipizy.gateway.local.audio;

/**
 * A radix-2 FFT for real frames of one fixed power-of-two size, computed as a half-size complex FFT plus a split
 * step. Written here rather than taken from a library because the analysis needs only this one operation (power
 * spectra of windowed frames), it must not allocate per frame (hundreds of thousands of frames per song), and a
 * dependency would add a jar to the service for some forty lines. Not thread-safe: one instance per analysis.
 */
final class Fft {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    private final double[] cos;
    private final double[] sin;
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
        this.cos = new double[half / 2 + 1];
        this.sin = new double[half / 2 + 1];
        for (int i = 0; i < cos.length; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / half);
            sin[i] = Math.sin(-2 * Math.PI * i / half);
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
        for (int k = 0; k <= half; k++) {
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
            power[k] = xr * xr + xi * xi;
        }
    }

    private void transform() {
        for (int size = 2; size <= half; size <<= 1) {
            int step = half / size;
            int halfSize = size >> 1;
            for (int start = 0; start < half; start += size) {
                for (int j = 0; j < halfSize; j++) {
                    int t = j * step;
                    double wr = cos[t];
                    double wi = sin[t];
                    int p = start + j;
                    int q = p + halfSize;
                    double tr = wr * re[q] - wi * im[q];
                    double ti = wr * im[q] + wi * re[q];
                    re[q] = re[p] - tr;
                    im[q] = im[p] - ti;
                    re[p] += tr;
                    im[p] += ti;
                }
            }
        }
    }
}
