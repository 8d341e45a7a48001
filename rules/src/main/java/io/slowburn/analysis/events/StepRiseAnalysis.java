package io.slowburn.analysis.events;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Type {@code step_rise} (signal {@code process_churn}): a gauge (the process count) rising fast above its
 * baseline and still rising, as in a fork bomb.
 *
 * <p>Samples go into buckets of {@code bucket} event time (1m), each keeping its highest value. The baseline is
 * the median of the buckets of the last {@code baseline} (1h), leaving out the current bucket and the
 * {@code rising_buckets} before it (so the rise does not pull its own baseline up). The condition holds when
 * <ul>
 *   <li>the current bucket is at least {@code min_increase} (50) above the baseline, and at least
 *       {@code multiple} (1.5) times it; and</li>
 *   <li>each of the last {@code rising_buckets} (3) buckets rose over the one before by at least {@code min_step}
 *       (5): it is still climbing.</li>
 * </ul>
 * An autoscale step (one jump, then flat) fails the second test and does not fire; neither does noise around a
 * higher level. A saturated fork bomb (at the pid limit, flat) stops matching; {@code resolve_after} on the rule
 * keeps the alert up meanwhile. {@code INSUFFICIENT_DATA} until {@code min_history} (15m) of samples and three
 * baseline buckets. State: {@code baseline / bucket + 1} buckets of 16 bytes (at most 1440).
 */
public final class StepRiseAnalysis implements Analysis {

    private static final byte VERSION = 1;
    static final int MAX_SLOTS = 1440;
    private static final int MIN_BASELINE_BUCKETS = 3;

    private final long bucketMs;
    private final int baselineBuckets;
    private final double minIncrease;
    private final double multiple;
    private final int risingBuckets;
    private final double minStep;
    private final long minHistoryMs;
    private final long latenessMs;
    private final String stateLayout;

    private StepRiseAnalysis(long bucketMs, int baselineBuckets, double minIncrease, double multiple, int risingBuckets,
                             double minStep, long minHistoryMs, long latenessMs) {
        this.bucketMs = bucketMs;
        this.baselineBuckets = baselineBuckets;
        this.minIncrease = minIncrease;
        this.multiple = multiple;
        this.risingBuckets = risingBuckets;
        this.minStep = minStep;
        this.minHistoryMs = minHistoryMs;
        this.latenessMs = latenessMs;
        this.stateLayout = "bucket=" + Durations.format(Duration.ofMillis(bucketMs));
    }

    public static StepRiseAnalysis create(Parameters p) {
        Duration bucket = ParameterChecks.durationAtLeast(p, "bucket", Duration.ofMinutes(1), Duration.ofSeconds(1));
        Duration baseline = p.duration("baseline", Duration.ofHours(1));
        double minIncrease = ParameterChecks.atLeast(p, "min_increase", 50, 0);
        double multiple = ParameterChecks.atLeast(p, "multiple", 1.5, 1);
        long rising = ParameterChecks.integerBetween(p, "rising_buckets", 3, 1, 60);
        double minStep = ParameterChecks.atLeast(p, "min_step", 5, 0);
        Duration minHistory = p.duration("min_history", Duration.ofMinutes(15));
        Duration lateness = p.duration("lateness", Duration.ofMinutes(1));
        long buckets = baseline.toMillis() / bucket.toMillis();
        if (buckets < rising + 1 + MIN_BASELINE_BUCKETS || buckets + 1 > MAX_SLOTS) {
            p.problem("baseline", "must span between " + (rising + 1 + MIN_BASELINE_BUCKETS) + " and " + (MAX_SLOTS - 1)
                + " buckets of '" + Durations.format(bucket) + "', got '" + Durations.format(baseline) + "'");
            buckets = Math.max(rising + 1 + MIN_BASELINE_BUCKETS, Math.min(MAX_SLOTS - 1, buckets));
        }
        if (minHistory.compareTo(baseline) > 0) {
            p.problem("min_history", "must not exceed the baseline '" + Durations.format(baseline) + "', got '"
                + Durations.format(minHistory) + "'");
            minHistory = baseline;
        }
        if (lateness.compareTo(baseline) > 0) {
            p.problem("lateness", "must not exceed the baseline '" + Durations.format(baseline) + "', got '" + Durations.format(lateness)
                + "'");
            lateness = Duration.ofMinutes(1);
        }
        return new StepRiseAnalysis(bucket.toMillis(), (int) buckets, minIncrease, multiple, (int) rising, minStep,
            minHistory.toMillis(), lateness.toMillis());
    }

    /** Buckets kept per series: the bound on the state's size. */
    public int slots() {
        return baselineBuckets + 1;
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new State();
    }

    /**
     * The bucket: the stored entries are (bucket index, highest value) pairs, indices in buckets of that width. The
     * baseline stays out: it sets the number of slots, but every entry carries its own index and {@link #readState}
     * keeps the newest that fit the current slots (after a shorter baseline, exactly what a state kept at it would
     * hold). The other parameters only judge, and lateness is not stored.
     */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("step_rise state version " + v + " is not " + VERSION);
        }
        State s = new State();
        s.firstTs = in.readLong();
        s.maxTs = in.readLong();
        int n = in.readInt();
        long current = s.maxTs == Long.MIN_VALUE ? 0 : Math.floorDiv(s.maxTs, bucketMs);
        for (int i = 0; i < n; i++) {
            long idx = in.readLong();
            double value = in.readDouble();
            if (idx > current - slots()) {
                s.put(idx, value);
            }
        }
        return s;
    }

    private final class State implements AnalysisState {
        private final long[] index = new long[slots()];
        private final double[] values = new double[slots()];
        private long firstTs = Long.MIN_VALUE;
        private long maxTs = Long.MIN_VALUE;
        /**
         * The values of the baseline buckets of {@code windowFor} (the current bucket it was last brought up to), kept
         * sorted as samples change them and the window slides: each new bucket slid the window by one, and sorting it
         * all again at every one was most of this analysis's cost. Not stored: a state read from bytes builds it again.
         */
        private final SortedWindow baseline = new SortedWindow(baselineBuckets);
        private long windowFor = Long.MIN_VALUE;

        State() {
            Arrays.fill(index, Long.MIN_VALUE);
        }

        private void put(long idx, double value) {
            int slot = (int) Math.floorMod(idx, (long) index.length);
            if (index[slot] != idx) {
                if (index[slot] != Long.MIN_VALUE && inWindow(index[slot])) {
                    baseline.remove(values[slot]); // evicted
                }
                index[slot] = idx;
                values[slot] = value;
                if (inWindow(idx)) {
                    baseline.add(value);
                }
            } else {
                double before = values[slot];
                values[slot] = Math.max(before, value);
                if (inWindow(idx) && Double.compare(before, values[slot]) != 0) {
                    baseline.remove(before);
                    baseline.add(values[slot]);
                }
            }
        }

        /** Whether bucket idx is a baseline bucket of {@code windowFor}, so its value is in {@link #baseline}. */
        private boolean inWindow(long idx) {
            return windowFor != Long.MIN_VALUE && idx >= windowFor - baselineBuckets && idx < windowFor - risingBuckets;
        }

        private double at(long idx) {
            int slot = (int) Math.floorMod(idx, (long) index.length);
            return index[slot] == idx ? values[slot] : Double.NaN;
        }

        /** Brings {@link #baseline} to the baseline buckets of {@code current} (never before {@code windowFor}). */
        private void slideTo(long current) {
            if (windowFor == current) {
                return;
            }
            if (windowFor == Long.MIN_VALUE || current - windowFor >= baselineBuckets - risingBuckets) {
                baseline.clear();
                for (long i = current - baselineBuckets; i < current - risingBuckets; i++) {
                    double v = at(i);
                    if (!Double.isNaN(v)) {
                        baseline.append(v);
                    }
                }
                baseline.sort();
            } else {
                // Disjoint: the buckets that leave are all older than those that enter. A leaving bucket already
                // evicted from the ring left the window when it was evicted.
                for (long i = windowFor - baselineBuckets; i < current - baselineBuckets; i++) {
                    double v = at(i);
                    if (!Double.isNaN(v)) {
                        baseline.remove(v);
                    }
                }
                for (long i = windowFor - risingBuckets; i < current - risingBuckets; i++) {
                    double v = at(i);
                    if (!Double.isNaN(v)) {
                        baseline.add(v);
                    }
                }
            }
            windowFor = current;
        }

        @Override
        public Assessment observe(Observation observation) {
            if (!(observation instanceof MetricSample s)) {
                return Assessment.insufficientData("step_rise reads metric samples, not events");
            }
            if (!Double.isFinite(s.value())) {
                return Assessment.insufficientData("sample value is not a finite number");
            }
            long ts = s.ts();
            if (maxTs != Long.MIN_VALUE && ts < maxTs - latenessMs) {
                return Assessment.late();
            }
            long idx = Math.floorDiv(ts, bucketMs);
            if (maxTs != Long.MIN_VALUE && idx <= Math.floorDiv(maxTs, bucketMs) - index.length) {
                return Assessment.late();
            }
            put(idx, s.value());
            firstTs = firstTs == Long.MIN_VALUE ? ts : Math.min(firstTs, ts);
            maxTs = Math.max(maxTs, ts);
            if (maxTs - firstTs < minHistoryMs) {
                return Assessment.insufficientData("needs " + Durations.format(Duration.ofMillis(minHistoryMs)) + " of history, has "
                    + Durations.format(Duration.ofMillis(maxTs - firstTs)));
            }
            long current = Math.floorDiv(maxTs, bucketMs);
            slideTo(current);
            int n = this.baseline.size();
            if (n < MIN_BASELINE_BUCKETS) {
                return Assessment.insufficientData("only " + n + " baseline buckets with samples");
            }
            double baseline = this.baseline.median();
            double level = at(current);
            int rising = 0;
            for (long i = current; i > current - risingBuckets; i--) {
                double now = at(i);
                double before = at(i - 1);
                if (Double.isNaN(now) || Double.isNaN(before) || now - before < Math.max(minStep, Double.MIN_VALUE)) {
                    break;
                }
                rising++;
            }
            double increase = level - baseline;
            int risen = rising;
            Supplier<Map<String, Object>> evidence = () -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("value", level);
                e.put("baseline_median", baseline);
                e.put("increase", increase);
                if (baseline > 0) {
                    e.put("ratio", level / baseline);
                }
                e.put("rising_buckets", risen);
                e.put("min_increase", minIncrease);
                e.put("multiple", multiple);
                return e;
            };
            boolean high = increase >= minIncrease && level >= multiple * baseline;
            if (high && rising >= risingBuckets) {
                return Assessment.anomalous(evidence.get(), s.metric() + " on " + s.source() + " at " + fmt(level) + ", up " + fmt(increase)
                    + " from a baseline of " + fmt(baseline) + " and rising for " + rising + " buckets in a row");
            }
            return Assessment.normal(evidence);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(VERSION);
            out.writeLong(firstTs);
            out.writeLong(maxTs);
            int n = 0;
            for (long i : index) {
                if (i != Long.MIN_VALUE) {
                    n++;
                }
            }
            out.writeInt(n);
            for (int i = 0; i < index.length; i++) {
                if (index[i] != Long.MIN_VALUE) {
                    out.writeLong(index[i]);
                    out.writeDouble(values[i]);
                }
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
