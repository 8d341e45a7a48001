package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.analysis.AnalysisState;
import io.slowburn.analysis.Assessment;
import io.slowburn.analysis.MapParameters;
import io.slowburn.analysis.testing.StateBytes;
import io.slowburn.model.MetricSample;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where a rise began: on plain bucket values, and on host memory fed through trend_to_limit as a fleet sends it. */
class RampOnsetTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    /** 2026-03-02T00:00:00Z. */
    private static final long T0 = 1_772_409_600_000L;
    private static final double HOST_MEMORY = 16e9;

    /** A ring of 10-minute buckets holding {@code values} in buckets 100, 101, ...; returns it. */
    private static LevelRing ring(double... values) {
        LevelRing ring = new LevelRing(values.length + 1, 10 * MINUTE, LevelRing.Aggregate.MEAN);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                ring.add((100 + i) * 10 * MINUTE + MINUTE, values[i]);
            }
        }
        return ring;
    }

    @Test
    void shouldPlaceTheOnsetAtTheEndOfTheLastFlatBucket() {
        LevelRing r = ring(50, 51, 49, 50, 50, 51, 52, 54, 56, 58, 60, 62);

        assertThat(RampOnset.of(r, 112, 12)).isEqualTo(105 * 10 * MINUTE + 10 * MINUTE);
    }

    @Test
    void shouldPlaceARiseUnderWayForTheWholeStretchAtItsStart() {
        LevelRing r = ring(50, 52, 54, 56, 58, 60, 62, 64, 66, 68, 70, 72);

        assertThat(RampOnset.of(r, 112, 12)).isEqualTo(100 * 10 * MINUTE);
    }

    @Test
    void shouldPlaceAnOnsetWithinTheStretchOnlyWhenTheRiseBeganInsideIt() {
        assertThat(RampOnset.within(ring(50, 51, 49, 50, 50, 51, 52, 54, 56, 58, 60, 62), 112, 12))
                .isEqualTo(105 * 10 * MINUTE + 10 * MINUTE);
        assertThat(RampOnset.within(ring(50, 52, 54, 56, 58, 60, 62, 64, 66, 68, 70, 72), 112, 12))
                .as("a rise under way for the whole stretch began before it: when, this stretch cannot say")
                .isEqualTo(Assessment.NO_ONSET);
    }

    @Test
    void shouldGiveNoOnsetForAFlatSeriesOrTooFewBuckets() {
        assertThat(RampOnset.of(ring(50, 50, 50, 50, 50, 50), 106, 6)).isEqualTo(Assessment.NO_ONSET);
        assertThat(RampOnset.of(ring(60, 58, 56, 54, 52, 50), 106, 6)).as("falling").isEqualTo(Assessment.NO_ONSET);
        assertThat(RampOnset.of(ring(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 50, 60), 106, 6)).isEqualTo(Assessment.NO_ONSET);
    }

    // ---- through the analysis: the host memory rule of the default pack, one sample a minute ----

    private static TrendToLimitAnalysis hostMemory() {
        MapParameters p = MapParameters.of(Map.of("bucket", "1m", "window", "3d", "horizon", "24h", "warning_horizon", "7d",
                "reach", 12, "saturation", 0.9, "lateness", "2m"));
        TrendToLimitAnalysis a = TrendToLimitAnalysis.create(p);
        assertThat(p.problems()).isEmpty();
        return a;
    }

    /**
     * Feeds {@code level(t)} with 0.3% noise from T0, to one state kept in memory and one written to bytes and read back
     * around every sample (as the detector's store does); both must date every assessment alike. Returns the first
     * anomalous assessment at or after {@code from}.
     */
    private static Assessment firstAnomalous(java.util.function.LongToDoubleFunction level, long from, long to) {
        TrendToLimitAnalysis analysis = hostMemory();
        AnalysisState kept = analysis.newState();
        byte[] stored = StateBytes.of(analysis.newState());
        Random r = new Random(3);
        for (long t = T0; t < to; t += MINUTE) {
            MetricSample sample = MetricSample.gauge(t, "api-1", "os.memory.used", Map.of(),
                    level.applyAsDouble(t) * (1 + 0.003 * (r.nextDouble() - 0.5))).withLimit(HOST_MEMORY);
            Assessment a = kept.observe(sample);
            AnalysisState read = StateBytes.read(analysis, stored);
            assertThat(read.observe(sample).onset()).as("read from bytes, at %d", t).isEqualTo(a.onset());
            stored = StateBytes.of(read);
            if (a.isAnomalous() && t >= from) {
                return a;
            }
        }
        return null;
    }

    @Test
    void shouldDateASlowLeakToWhenItBeganNotToWhenItWasCalled() {
        // 40% in use, then a leak that would fill the host in about 12 hours, from T0 + 6h.
        long start = T0 + 6 * HOUR;
        double perHour = 0.6 * HOST_MEMORY / 12;
        Assessment a = firstAnomalous(t -> 0.4 * HOST_MEMORY + Math.max(0, t - start) / (double) HOUR * perHour, start, T0 + 20 * HOUR);

        assertThat(a).isNotNull();
        assertThat(a.onset()).as("onset of %s", a).isBetween(start - 30 * MINUTE, start + 30 * MINUTE);
    }

    @Test
    void shouldDateAnAcuteFillToItsFirstMinutes() {
        // 50% in use for six hours, then filled to 95% within 40 minutes: called on the saturation mark.
        long start = T0 + 6 * HOUR;
        Assessment a = firstAnomalous(t -> HOST_MEMORY * (0.5 + 0.45 * Math.min(1, Math.max(0, t - start) / (40.0 * MINUTE))),
                start, T0 + 8 * HOUR);

        assertThat(a).isNotNull();
        assertThat(a.onset()).as("onset of %s", a).isBetween(start - 10 * MINUTE, start + 10 * MINUTE);
    }

    @Test
    void shouldGiveNoOnsetWhileNothingIsCalled() {
        AnalysisState s = hostMemory().newState();
        Assessment last = null;
        for (long t = T0; t < T0 + 4 * HOUR; t += MINUTE) {
            last = s.observe(MetricSample.gauge(t, "api-1", "os.memory.used", Map.of(), 0.4 * HOST_MEMORY).withLimit(HOST_MEMORY));
        }
        assertThat(last.isAnomalous()).isFalse();
        assertThat(last.onset()).isEqualTo(Assessment.NO_ONSET);
    }
}
