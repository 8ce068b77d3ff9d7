package io.clipizy.gateway.local.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The real FFT against a direct DFT, at sizes whose half-size complex FFT has an odd number of radix-2 stages (one
 * radix-2 pass, then radix-4 passes) and an even number (radix-4 passes only; 4096 is the analysis' coarse frame).
 */
class FftTest {
    @Test
    void powerSpectrumMatchesADirectDft() {
        for (int n : new int[] {4, 8, 16, 32, 64, 1024, 4096}) {
            Random random = new Random(n);
            float[] x = new float[n];
            double energy = 0;
            for (int i = 0; i < n; i++) {
                x[i] = (float) random.nextGaussian();
                energy += x[i] * x[i];
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
                // rounding grows with the size; the spectrum's scale is the frame's energy times n
                assertEquals(re * re + im * im, power[k], 1e-9 * energy * n, "bin " + k + " of " + n);
            }
        }
    }

    @Test
    void theWindowedFormEqualsWindowingFirst() {
        int n = 1024;
        Random random = new Random(3);
        float[] samples = new float[n + 100];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) random.nextGaussian();
        }
        float[] window = new float[n];
        float[] windowed = new float[n];
        for (int i = 0; i < n; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
            windowed[i] = samples[37 + i] * window[i];
        }
        Fft fft = new Fft(n);
        double[] expected = new double[n / 2 + 1];
        double[] actual = new double[n / 2 + 1];
        fft.power(windowed, expected);
        fft.power(samples, 37, window, actual);
        assertArrayEquals(expected, actual, 0.0);
    }

    @Test
    void onlyPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(1000));
    }
}
