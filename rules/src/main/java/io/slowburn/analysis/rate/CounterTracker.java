package io.slowburn.analysis.rate;

import io.slowburn.analysis.stats.CounterRate;
import io.slowburn.analysis.window.VarInts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last value of each cumulative counter series feeding one state, so that samples turn into increments.
 * Bounded: beyond {@code maxSeries} the series updated least recently is forgotten (its next sample then only
 * re-primes it). A sample not newer than the series' last one is ignored: a cumulative value that arrives out of
 * order carries no new increment (the newer sample already includes it) and must not look like a reset.
 */
final class CounterTracker {

    private final int maxSeries;
    private final LinkedHashMap<String, long[]> last = new LinkedHashMap<>(16, 0.75f, true);

    CounterTracker(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    /** The increment since the series' previous sample; {@link CounterRate.Step#NONE} when unknown or stale. */
    CounterRate.Step step(String series, long ts, double value) {
        long[] prev = last.get(series);
        if (prev == null) {
            last.put(series, new long[] {ts, Double.doubleToRawLongBits(value)});
            evict();
            return CounterRate.Step.NONE;
        }
        if (ts <= prev[0]) {
            return CounterRate.Step.NONE;
        }
        CounterRate.Step step = CounterRate.step(Double.longBitsToDouble(prev[1]), value);
        prev[0] = ts;
        prev[1] = Double.doubleToRawLongBits(value);
        return step;
    }

    /** Event time of the series' previous sample, or {@link Long#MIN_VALUE}. */
    long lastTs(String series) {
        long[] prev = last.get(series);
        return prev == null ? Long.MIN_VALUE : prev[0];
    }

    private void evict() {
        Iterator<Map.Entry<String, long[]>> it = last.entrySet().iterator();
        while (last.size() > maxSeries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    void writeTo(DataOutput out) throws IOException {
        VarInts.writeUnsigned(out, last.size());
        for (Map.Entry<String, long[]> e : last.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeDouble(Double.longBitsToDouble(e.getValue()[1]));
        }
    }

    void readFrom(DataInput in) throws IOException {
        last.clear();
        int n = (int) VarInts.readUnsigned(in);
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long ts = in.readLong();
            double value = in.readDouble();
            last.put(key, new long[] {ts, Double.doubleToRawLongBits(value)});
        }
    }
}
