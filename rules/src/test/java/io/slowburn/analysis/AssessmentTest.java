package io.slowburn.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.Severity;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AssessmentTest {

    @Test
    void shouldPutALazySummaryIntoWordsOnlyWhenReadAndOnlyOnce() {
        AtomicInteger built = new AtomicInteger();
        long history = 90_000L;
        Assessment lazy = Assessment.insufficientData(() -> {
            built.incrementAndGet();
            return history / 1000 + " s of history";
        });

        assertThat(lazy.condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
        assertThat(built).as("not built for a condition check").hasValue(0);
        assertThat(lazy.summary()).isEqualTo("90 s of history");
        assertThat(lazy.summary()).isEqualTo("90 s of history");
        assertThat(built).hasValue(1);
    }

    @Test
    void shouldEqualTheSameAssessmentWithItsSummaryGivenAsText() {
        Assessment lazy = Assessment.insufficientData(() -> "2m of history");
        Assessment eager = Assessment.insufficientData("2m of history");

        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager).hasToString(eager.toString());
        assertThat(eager).hasToString("Assessment[condition=INSUFFICIENT_DATA, evidence={}, summary=2m of history]");
        assertThat(new Assessment(Condition.NORMAL, null, null)).isEqualTo(Assessment.normal(Map.of()));
        assertThat(Assessment.insufficientData(() -> null).summary()).isEmpty();
    }

    @Test
    void shouldBuildLazyEvidenceOnlyWhenReadAndOnlyOnceAndEqualTheSameEvidenceGivenAsAMap() {
        AtomicInteger built = new AtomicInteger();
        double level = 0.25;
        Assessment lazy = Assessment.normal(() -> {
            built.incrementAndGet();
            return Map.of("level", level);
        });

        assertThat(lazy.condition()).isEqualTo(Condition.NORMAL);
        assertThat(lazy.isAnomalous()).isFalse();
        assertThat(built).as("not built for a condition check").hasValue(0);
        Assessment eager = Assessment.normal(Map.of("level", level));
        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager).hasToString(eager.toString());
        assertThat(lazy.evidence()).containsEntry("level", 0.25);
        assertThat(built).hasValue(1);
        assertThat(lazy.withOnset(5L).evidence()).isSameAs(lazy.evidence());
        assertThat(Assessment.normal(() -> null).evidence()).isEmpty();
    }

    @Test
    void shouldBuildLazyEvidenceOfACopyWithAnOnsetOnlyWhenTheCopyIsRead() {
        AtomicInteger built = new AtomicInteger();
        Assessment lazy = Assessment.normal(() -> {
            built.incrementAndGet();
            return Map.of("p_value", 0.5);
        });
        Assessment dated = lazy.withOnset(1_000L);

        assertThat(built).hasValue(0);
        assertThat(dated.evidence()).containsEntry("p_value", 0.5);
        assertThat(dated.onset()).isEqualTo(1_000L);
        assertThat(dated.severity(Severity.CRITICAL)).isEqualTo(Severity.CRITICAL);
    }
}
