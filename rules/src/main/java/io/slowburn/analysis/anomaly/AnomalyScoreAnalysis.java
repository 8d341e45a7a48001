package io.slowburn.analysis.anomaly;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.ParameterChecks;
import io.slowburn.analysis.Parameters;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Type {@code anomaly_score} (signal {@code anomaly}): the {@link StreamingScorer} over each series; anomalous when
 * a point's score reaches {@code threshold} (0.5, the scorer's detection level: a one-in-100,000 surprise for the
 * series). {@code INSUFFICIENT_DATA} during the scorer's {@code warmup} (150 samples). Meant for gauges (a
 * counter's cumulative value is not a useful series). Samples are scored in arrival order; one older than
 * {@code lateness} (1m) behind the newest is dropped. State: about 500 bytes after warm-up, {@code 4 * warmup}
 * bytes during it.
 */
public final class AnomalyScoreAnalysis implements Analysis {

    private static final byte VERSION = 1;

    private final double threshold;
    private final int warmup;
    private final long latenessMs;

    private AnomalyScoreAnalysis(double threshold, int warmup, long latenessMs) {
        this.threshold = threshold;
        this.warmup = warmup;
        this.latenessMs = latenessMs;
    }

    public static AnomalyScoreAnalysis create(Parameters p) {
        double threshold = ParameterChecks.numberBetween(p, "threshold", StreamingScorer.DETECTION, 0.1, 1);
        long warmup = ParameterChecks.integerBetween(p, "warmup", StreamingScorer.DEFAULT_WARMUP, 10, StreamingScorer.MAX_WARMUP);
        Duration lateness = ParameterChecks.durationAtMost(p, "lateness", Duration.ofMinutes(1), Duration.ofDays(1));
        return new AnomalyScoreAnalysis(threshold, (int) warmup, lateness.toMillis());
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public Keying keying() {
        return Keying.SERIES;
    }

    @Override
    public AnalysisState newState() {
        return new State(new StreamingScorer(warmup), Long.MIN_VALUE);
    }

    /**
     * None: the scorer stores its own warm-up length, so its state reads back whatever {@code warmup} is now;
     * threshold only judges; lateness is not stored. A state written by the previous scorer (version 1) reads back
     * as a fresh scorer that warms up again.
     */
    @Override
    public String stateLayout() {
        return "";
    }

    @Override
    public AnalysisState readState(DataInput in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("anomaly_score state version " + v + " is not " + VERSION);
        }
        long maxTs = in.readLong();
        return new State(StreamingScorer.readFrom(in), maxTs);
    }

    private final class State implements AnalysisState {
        private final StreamingScorer scorer;
        private long maxTs;

        State(StreamingScorer scorer, long maxTs) {
            this.scorer = scorer;
            this.maxTs = maxTs;
        }

        @Override
        public Assessment observe(Observation observation) {
            if (!(observation instanceof MetricSample s)) {
                return Assessment.insufficientData("anomaly_score reads metric samples, not events");
            }
            if (!Double.isFinite(s.value())) {
                return Assessment.insufficientData("sample value is not a finite number");
            }
            if (maxTs != Long.MIN_VALUE && s.ts() < maxTs - latenessMs) {
                return Assessment.late();
            }
            maxTs = Math.max(maxTs, s.ts());
            boolean wasWarm = scorer.warm();
            double expected = scorer.location();
            double scale = scorer.scale();
            double score = scorer.score(s.value());
            if (!wasWarm) {
                long seen = scorer.count();
                return Assessment.insufficientData(() -> "warming up: " + seen + " of " + scorer.warmup() + " samples");
            }
            double z = scorer.lastZ();
            Supplier<Map<String, Object>> evidence = () -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("score", score);
                e.put("value", s.value());
                e.put("expected", expected);
                e.put("scale", scale);
                e.put("z", z);
                e.put("threshold", threshold);
                return e;
            };
            if (score >= threshold) {
                return Assessment.anomalous(evidence.get(), String.format(Locale.ROOT,
                    "%s on %s at %.4g where %.4g +- %.2g was expected (score %.4f)", s.metric(), s.source(), s.value(), expected,
                    scale, score));
            }
            return Assessment.normal(evidence);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(VERSION);
            out.writeLong(maxTs);
            scorer.writeTo(out);
        }
    }
}
