package io.slowburn.analysis.rate;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Durations;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import io.slowburn.analysis.stats.CounterRate;
import io.slowburn.analysis.stats.NumberText;
import io.slowburn.analysis.window.BucketRing;
import io.slowburn.analysis.window.Watermark;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Analysis type {@code gc_fraction} (gc_pressure): the fraction of event time a JVM spent in garbage collection
 * over {@code window}, from the cumulative counter {@code jvm.gc.time} in seconds. Keyed per series.
 *
 * <p>What it looks at: each sample's GC-seconds increment and the event time elapsed since the previous sample,
 * both summed into {@value #BUCKETS_PER_WINDOW} buckets per window; the fraction is GC seconds over elapsed
 * seconds, so gaps in scraping do not distort it. A drop of the counter is a restart (the new value is the
 * increment since it). A cumulative sample older than the newest one carries no new information and is ignored;
 * one older than {@code lateness} is LATE.
 *
 * <p>Parameters: {@code window} (5m), {@code max_fraction} (0.25; fires at or above it), {@code min_history}
 * (5m), {@code lateness} (2m). Evidence: {@code gc_fraction}, {@code window_s} (seconds actually covered, at
 * most the window), {@code max_fraction}. Serialized size: 420 bytes.
 */
public final class GcFractionAnalysis implements Analysis {

    public static final String TYPE = "gc_fraction";
    static final int BUCKETS_PER_WINDOW = 10;

    final long windowMs;
    final double maxFraction;
    final long minHistoryMs;
    final long latenessMs;
    final long bucketMs;
    private final String stateLayout;

    private GcFractionAnalysis(Duration window, double maxFraction, Duration minHistory, Duration lateness) {
        this.windowMs = window.toMillis();
        this.maxFraction = maxFraction;
        this.minHistoryMs = minHistory.toMillis();
        this.latenessMs = lateness.toMillis();
        this.bucketMs = Math.max(1, windowMs / BUCKETS_PER_WINDOW);
        this.stateLayout = "window=" + Durations.format(window);
    }

    /** Reads the parameters named in the class comment; problems go to {@link Parameters#problem}. */
    public static GcFractionAnalysis create(Parameters p) {
        Duration window = ParameterChecks.positive(p, "window", Duration.ofMinutes(5));
        double maxFraction = ParameterChecks.openRange(p, "max_fraction", 0.25, 0, 1);
        Duration minHistory = ParameterChecks.nonNegative(p, "min_history", Duration.ofMinutes(5));
        Duration lateness = ParameterChecks.nonNegative(p, "lateness", Duration.ofMinutes(2));
        if (window.toMillis() < BUCKETS_PER_WINDOW * 1000L) {
            p.problem("window", "must be at least '10s', got '" + Durations.format(window) + "'");
            window = Duration.ofMinutes(5);
        }
        return new GcFractionAnalysis(window, maxFraction, minHistory, lateness);
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new State(this);
    }

    /**
     * The window: the rings' bucket width is a tenth of it, stored in the state and read back with it, so a state
     * from another window would go on summing over the old window (and its bucket indices are in the old width).
     * The rings always hold {@value #BUCKETS_PER_WINDOW} + 1 buckets; lateness sizes nothing and is not stored;
     * max_fraction and min_history only judge.
     */
    @Override
    public String stateLayout() {
        return stateLayout;
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        State state = new State(this);
        state.readFrom(in);
        return state;
    }

    /** GC seconds and elapsed seconds per bucket, and the previous counter value. */
    static final class State implements AnalysisState {

        private static final byte VERSION = 1;

        private final GcFractionAnalysis a;
        private final Watermark clock;
        private final BucketRing gcSeconds;
        private final BucketRing elapsedSeconds;
        private long lastTs = Long.MIN_VALUE;
        private double lastValue = Double.NaN;

        State(GcFractionAnalysis analysis) {
            this.a = analysis;
            this.clock = new Watermark(analysis.latenessMs);
            this.gcSeconds = new BucketRing(BUCKETS_PER_WINDOW + 1, analysis.bucketMs);
            this.elapsedSeconds = new BucketRing(BUCKETS_PER_WINDOW + 1, analysis.bucketMs);
        }

        @Override
        public Assessment observe(Observation observation) {
            if (!(observation instanceof MetricSample sample) || Double.isNaN(sample.value())) {
                return Assessment.normal();
            }
            if (!clock.accept(sample.ts())) {
                return Assessment.late();
            }
            boolean reset = false;
            if (sample.ts() > lastTs) {
                if (lastTs != Long.MIN_VALUE) {
                    CounterRate.Step step = CounterRate.step(lastValue, sample.value());
                    reset = step.reset();
                    gcSeconds.add(sample.ts(), step.increment());
                    elapsedSeconds.add(sample.ts(), (sample.ts() - lastTs) / 1000.0);
                }
                lastTs = sample.ts();
                lastValue = sample.value();
            }
            return assess(reset);
        }

        private Assessment assess(boolean reset) {
            if (clock.history() < a.minHistoryMs || elapsedSeconds.isEmpty()) {
                long history = clock.history();
                return Assessment.insufficientData(() -> NumberText.duration(history / 1000.0) + " of history, needs "
                        + NumberText.duration(a.minHistoryMs / 1000.0));
            }
            long current = elapsedSeconds.indexOf(lastTs);
            long from = current - BUCKETS_PER_WINDOW + 1;
            double elapsed = elapsedSeconds.sum(from, current);
            if (elapsed <= 0) {
                return Assessment.insufficientData();
            }
            double fraction = Math.min(1.0, gcSeconds.sum(from, current) / elapsed);
            Supplier<Map<String, Object>> evidence = () -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("gc_fraction", fraction);
                e.put("window_s", elapsed);
                e.put("max_fraction", a.maxFraction);
                if (reset) {
                    e.put("counter_reset", true);
                }
                return Collections.unmodifiableMap(e);
            };
            if (fraction >= a.maxFraction) {
                return Assessment.anomalous(evidence.get(), String.format(Locale.ROOT, "%.0f%% of the last %s spent in GC (max %.0f%%)",
                        100 * fraction, NumberText.duration(elapsed), 100 * a.maxFraction));
            }
            return Assessment.normal(evidence);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(VERSION);
            clock.writeTo(out);
            gcSeconds.writeTo(out);
            elapsedSeconds.writeTo(out);
            out.writeLong(lastTs);
            out.writeDouble(lastValue);
        }

        void readFrom(DataInput in) throws IOException {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException("unknown gc_fraction state version '" + version + "'");
            }
            clock.readFrom(in);
            gcSeconds.readFrom(in);
            elapsedSeconds.readFrom(in);
            lastTs = in.readLong();
            lastValue = in.readDouble();
        }
    }
}
