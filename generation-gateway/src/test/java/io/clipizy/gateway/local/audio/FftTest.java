package io.clipizy.gateway.local.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The real FFT against a direct DFT. */
class FftTest {
    @Test
    void powerSpectrumMatchesADirectDft() {
        for (int n : new int[] {4, 16, 1024}) {
            Random random = new Random(n);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) random.nextGaussian();
            }
            double[] power = new double[n / 2 + 1];
            new Fft(n).power(x, power);
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int t = 0; t < n; t++) {
                    re += x[t] * Math.cos(2 * Math.PI * k * t / n);
                    im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
                }
                assertEquals(re * re + im * im, power[k], 1e-6 * n * n, "bin " + k + " of " + n);
            }
        }
    }

    @Test
    void onlyPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(1000));
    }
}
