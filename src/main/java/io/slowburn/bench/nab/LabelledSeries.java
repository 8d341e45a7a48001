package io.slowburn.bench.nab;

import java.util.List;

/**
 * One series of a labelled corpus: its values, timestamps (epoch ms) and anomaly windows as inclusive row-index
 * ranges, sorted and not overlapping.
 */
public record LabelledSeries(String name, long[] timestamps, double[] values, List<Window> windows) {

    /** An anomaly window, rows {@code start..end} inclusive. */
    public record Window(int start, int end) {
        public Window {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad window [" + start + ", " + end + "]");
            }
        }
    }

    public LabelledSeries {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but " + values.length + " values");
        }
        int prevEnd = -1;
        for (Window w : windows) {
            if (w.start() <= prevEnd || w.end() >= values.length) {
                throw new IllegalArgumentException(name + ": window " + w + " overlaps another or lies outside the "
                    + values.length + " rows");
            }
            prevEnd = w.end();
        }
        windows = List.copyOf(windows);
    }

    public int length() {
        return values.length;
    }
}
