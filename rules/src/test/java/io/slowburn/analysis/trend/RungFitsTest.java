package io.slowburn.analysis.trend;

import static io.slowburn.analysis.trend.TrendScenarios.HOUR;
import static io.slowburn.analysis.trend.TrendScenarios.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.testing.StateBytes;
import io.slowburn.model.MetricSample;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A state that keeps its rungs' fits between bucket closes judges exactly as one that fits every rung afresh. */
class RungFitsTest {

    @Test
    void shouldJudgeAsAStateReadFromBytesAtEverySample() {
        TrendToLimitAnalysis analysis = TrendToLimitAnalysis.create(MapParameters.of(Map.of("bucket", "1m", "window", "1d",
                "min_history", "1h", "lateness", "2m", "horizon", "24h", "floor", true)));
        TrendScenarios.Shape leak = TrendScenarios.sawtooth(1e9, 8e7, T0 + 3 * HOUR, 5e8, 7 * 60_000L, 2e6, 7);
        AnalysisState kept = analysis.newState();
        Random jitter = new Random(11);
        int anomalous = 0;
        long t = T0;
        for (int i = 0; i < 2_500; i++) {
            // 50 s steps with jitter, now and then a late sample, a gap of many buckets, or several in one bucket.
            t += 50_000L + jitter.nextInt(20_000) - 10_000;
            if (i % 500 == 499) {
                t += 3 * HOUR;
            }
            long ts = i % 37 == 0 ? t - 150_000L : t;
            MetricSample sample = MetricSample.gauge(ts, "node-1", "jvm.memory.heap.used", Map.of(), leak.at(ts)).withLimit(4e9);
            AnalysisState fresh = StateBytes.read(analysis, StateBytes.of(kept));
            Assessment expected = fresh.observe(sample);
            Assessment actual = kept.observe(sample);
            // The bytes hold every fit's call exactly (its slopes and p-value as doubles); a state read from bytes reports
            // the stored call's span rounded to a float until its next judgement, so the evidence is not compared.
            assertThat(StateBytes.of(kept)).as("sample %d", i).isEqualTo(StateBytes.of(fresh));
            assertThat(actual.condition()).as("sample %d", i).isEqualTo(expected.condition());
            anomalous += actual.isAnomalous() ? 1 : 0;
        }
        assertThat(anomalous).as("the leak was called at some samples, so the calls compared mattered").isGreaterThan(0);
    }
}
