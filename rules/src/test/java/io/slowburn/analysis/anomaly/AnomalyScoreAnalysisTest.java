package io.slowburn.analysis.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.Condition;
import io.slowburn.analysis.Keying;
import io.slowburn.analysis.MapParameters;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScoreAnalysisTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long STEP = 15_000L;

    private final AnomalyScoreAnalysis analysis = AnomalyScoreAnalysis.create(MapParameters.of(Map.of()));

    private static MetricSample p99(long ts, double value) {
        return MetricSample.gauge(ts, "host-2", "app.latency.p99", Map.of("service", "checkout"), value);
    }

    private static List<Assessment> feed(AnalysisState state, int n, long seed) {
        Random r = new Random(seed);
        List<Assessment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(state.observe(p99(T0 + i * STEP, 0.25 + 0.01 * r.nextGaussian())));
        }
        return out;
    }

    @Test
    void shouldSayInsufficientDataDuringWarmUp() {
        AnalysisState state = analysis.newState();

        List<Assessment> out = feed(state, 150, 1);

        assertThat(analysis.keying()).isEqualTo(Keying.SERIES);
        assertThat(out).allMatch(a -> a.condition() == Condition.INSUFFICIENT_DATA);
        assertThat(out.get(149).summary()).isEqualTo("warming up: 150 of 150 samples");
        assertThat(state.observe(new Event(T0, "host-2", "exec", Map.of())).condition()).isEqualTo(Condition.INSUFFICIENT_DATA);
    }

    @Test
    void shouldStayNormalOnNoise() {
        AnalysisState state = analysis.newState();

        List<Assessment> out = feed(state, 650, 2).subList(150, 650);

        assertThat(out.stream().filter(Assessment::isAnomalous).count()).isLessThanOrEqualTo(4);
        assertThat(out.get(0).condition()).isIn(Condition.NORMAL, Condition.ANOMALOUS);
    }

    @Test
    void shouldFireOnASpike() {
        AnalysisState state = analysis.newState();
        feed(state, 200, 3);

        Assessment spike = state.observe(p99(T0 + 200 * STEP, 1.5));

        assertThat(spike.condition()).isEqualTo(Condition.ANOMALOUS);
        assertThat((double) spike.evidence().get("score")).isEqualTo(1.0);
        assertThat((double) spike.evidence().get("expected")).isBetween(0.24, 0.26);
        assertThat(spike.evidence()).containsEntry("threshold", 0.5).containsKeys("z", "scale", "value");
        assertThat(spike.summary()).contains("app.latency.p99 on host-2");
    }

    @Test
    void shouldDropSamplesOlderThanTheLateness() {
        AnalysisState state = analysis.newState();
        feed(state, 40, 4);

        assertThat(state.observe(p99(T0, 0.25)).condition()).isEqualTo(Condition.LATE);
    }

    @Test
    void shouldRoundTripItsState() throws IOException {
        AnalysisState state = analysis.newState();
        feed(state, 300, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        AnalysisState copy = analysis.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        MetricSample next = p99(T0 + 300 * STEP, 0.31);
        assertThat(copy.observe(next)).isEqualTo(state.observe(next));
        assertThat(bytes.size()).isLessThan(600);
    }

    @Test
    void shouldReportParametersOutOfRange() {
        MapParameters p = MapParameters.of(Map.of("threshold", 1.5, "warmup", 2));

        AnomalyScoreAnalysis a = AnomalyScoreAnalysis.create(p);

        assertThat(p.problems()).hasSize(2);
        assertThat(a.threshold()).isEqualTo(0.5);
    }

    @Test
    void shouldKeepTheSameEmptyStateLayoutWhateverItsParameters() throws IOException {
        MapParameters p = MapParameters.of(Map.of("threshold", 0.99, "warmup", 10, "lateness", "5m"));
        AnomalyScoreAnalysis tuned = AnomalyScoreAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        assertThat(analysis.stateLayout()).isEmpty();
        assertThat(tuned.stateLayout()).isEqualTo(analysis.stateLayout());
        // In the default warm-up of 150: the scorer keeps its own warm-up length in the state.
        AnalysisState state = analysis.newState();
        feed(state, 60, 9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        AnalysisState copy = tuned.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        copy.writeTo(new DataOutputStream(again));
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    }
}
