package io.clipizy.gateway.local.audio;

import java.util.Arrays;

/** A growable array of floats with a fixed number of values per row (1 for a curve, 12 for chroma...). */
final class FloatSeries {
    private final int width;
    private float[] data;
    private int rows;

    FloatSeries(int width, int initialRows) {
        this.width = width;
        this.data = new float[width * Math.max(16, initialRows)];
    }

    int width() {
        return width;
    }

    int rows() {
        return rows;
    }

    /** Appends a row taken from {@code values[from .. from+width)}. */
    void add(float[] values, int from) {
        ensure();
        System.arraycopy(values, from, data, rows * width, width);
        rows++;
    }

    void add(float value) {
        ensure();
        data[rows * width] = value;
        rows++;
    }

    float get(int row) {
        return data[row * width];
    }

    float get(int row, int column) {
        return data[row * width + column];
    }

    /** The first column as a new array of doubles. */
    double[] column(int column) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = data[r * width + column];
        }
        return out;
    }

    private void ensure() {
        if ((rows + 1) * width > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
    }
}
