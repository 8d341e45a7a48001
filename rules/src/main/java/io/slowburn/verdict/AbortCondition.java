package io.slowburn.verdict;

import io.slowburn.model.MetricSample;
import io.slowburn.model.Signal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a declaration's {@code abort_when} list: a condition that, met during the experiment on a source in
 * its scope, means the experiment must be aborted (verdict {@code breach}). Two forms:
 * <ul>
 *   <li>{@code {"signal":"memory_drift"}}: any finding of that signal;</li>
 *   <li>{@code {"metric":"app.latency.p99","above":2.5}}: a sample of that metric whose value is above the threshold,
 *       or {@code {"metric":"os.memory.used","above":0.95,"of":"limit"}}: whose value / limit is above it (a sample
 *       without a limit does not match).</li>
 * </ul>
 *
 * @param signal the signal, or {@code null} for a metric condition
 * @param metric the metric name, or {@code null} for a signal condition
 * @param above the threshold (metric conditions)
 * @param ofLimit whether the threshold is a fraction of the sample's {@code limit}
 */
public record AbortCondition(Signal signal, String metric, double above, boolean ofLimit) {

    public AbortCondition {
        if ((signal == null) == (metric == null)) {
            throw new IllegalArgumentException("an abort condition names either a signal or a metric");
        }
        if (metric != null && !Double.isFinite(above)) {
            throw new IllegalArgumentException("threshold must be finite");
        }
    }

    public static AbortCondition onSignal(Signal signal) {
        return new AbortCondition(Objects.requireNonNull(signal, "signal"), null, Double.NaN, false);
    }

    public static AbortCondition onMetric(String metric, double above, boolean ofLimit) {
        return new AbortCondition(null, Objects.requireNonNull(metric, "metric"), above, ofLimit);
    }

    public boolean isSignal() {
        return signal != null;
    }

    /** Whether a finding of this signal meets the condition. */
    public boolean matches(Signal findingSignal) {
        return signal != null && signal == findingSignal;
    }

    /**
     * Whether the sample meets this metric condition (name equal, value, or value / limit, strictly above). Scope and
     * window are the caller's business: see {@link SanctionPolicy#abortTriggers}.
     */
    public boolean matches(MetricSample sample) {
        if (metric == null || sample == null || !metric.equals(sample.metric())) {
            return false;
        }
        if (ofLimit) {
            Double limit = sample.limit();
            return limit != null && limit > 0 && sample.value() / limit > above;
        }
        return sample.value() > above;
    }

    /** As written in a declaration. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (signal != null) {
            m.put("signal", signal.wire());
        } else {
            m.put("metric", metric);
            m.put("above", above);
            if (ofLimit) {
                m.put("of", "limit");
            }
        }
        return m;
    }

    @Override
    public String toString() {
        if (signal != null) {
            return "signal " + signal.wire();
        }
        return metric + " above " + above + (ofLimit ? " of limit" : "");
    }
}
