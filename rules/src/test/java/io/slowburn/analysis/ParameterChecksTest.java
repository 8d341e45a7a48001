package io.slowburn.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.anomaly.AnomalyScoreAnalysis;
import io.slowburn.analysis.events.EventCountAnalysis;
import io.slowburn.analysis.events.NoveltyAnalysis;
import io.slowburn.analysis.events.StepRiseAnalysis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Range checks in one place, every problem quoting the value it refuses, and the default kept on a refusal. */
class ParameterChecksTest {

    @Test
    void shouldQuoteTheValueOutsideAClosedRange() {
        MapParameters p = MapParameters.of(Map.of("n", 0, "x", 1.5, "d", "10d"));

        assertThat(ParameterChecks.integerBetween(p, "n", 3, 1, 60)).isEqualTo(3);
        assertThat(ParameterChecks.numberBetween(p, "x", 0.5, 0.1, 1)).isEqualTo(0.5);
        assertThat(ParameterChecks.durationBetween(p, "d", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(7)))
                .isEqualTo(Duration.ofMinutes(10));

        assertThat(p.problems()).containsExactly("n: must be between 1 and 60, got '0'",
                "x: must be between 0.1 and 1.0, got '1.5'",
                "d: must be between '1s' and '7d', got '10d'");
    }

    @Test
    void shouldTakeTheBoundsThemselves() {
        MapParameters p = MapParameters.of(Map.of("n", 60, "x", 0.1, "lo", "1s", "hi", "1d"));

        assertThat(ParameterChecks.integerBetween(p, "n", 3, 1, 60)).isEqualTo(60);
        assertThat(ParameterChecks.numberBetween(p, "x", 0.5, 0.1, 1)).isEqualTo(0.1);
        assertThat(ParameterChecks.durationAtLeast(p, "lo", Duration.ofMinutes(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ParameterChecks.durationAtMost(p, "hi", Duration.ofMinutes(1), Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void shouldQuoteTheBadValueInEveryAnalysisThatUsedToCheckByHand() {
        MapParameters anomaly = MapParameters.of(Map.of("threshold", 2, "warmup", 5, "lateness", "2d"));
        AnomalyScoreAnalysis.create(anomaly);
        assertThat(anomaly.problems()).containsExactly("threshold: must be between 0.1 and 1.0, got '2.0'",
                "warmup: must be between 10 and " + io.slowburn.analysis.anomaly.StreamingScorer.MAX_WARMUP + ", got '5'",
                "lateness: must be at most '1d', got '2d'");

        MapParameters novelty = MapParameters.of(Map.of("learning", "31d", "max_entries", 4, "max_users", 0, "lateness", "2d"));
        NoveltyAnalysis.create(novelty);
        assertThat(novelty.problems()).containsExactly("learning: must be at most '30d', got '31d'",
                "max_entries: must be between 8 and 65536, got '4'", "max_users: must be between 1 and 4096, got '0'",
                "lateness: must be at most '1d', got '2d'");

        MapParameters step = MapParameters.of(Map.of("bucket", "500ms", "rising_buckets", 61, "min_increase", -1, "multiple", 0.5,
                "min_step", -2));
        StepRiseAnalysis.create(step);
        assertThat(step.problems()).contains("bucket: must be at least '1s', got '500ms'",
                "rising_buckets: must be between 1 and 60, got '61'", "min_increase: must be at least 0.0, got '-1.0'",
                "multiple: must be at least 1.0, got '0.5'", "min_step: must be at least 0.0, got '-2.0'");

        MapParameters events = MapParameters.of(Map.of("min_count", 0, "dedupe", "1h", "lateness", "1h"));
        EventCountAnalysis.create(events);
        assertThat(events.problems()).containsExactly("min_count: must be between 1 and 100000, got '0'",
                "dedupe: must be shorter than the window '10m', got '1h'", "lateness: must not exceed the window '10m', got '1h'");
    }
}
