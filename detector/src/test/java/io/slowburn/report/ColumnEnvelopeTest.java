package io.slowburn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnEnvelopeTest {

    @Test
    void shouldKeepAtMostFourPointsPerColumnWithEveryColumnsExtremes() {
        ColumnEnvelope e = new ColumnEnvelope(0, 1_000_000, 1_000_000, 100);
        for (int t = 0; t < 1_000_000; t++) {
            e.add(t, Math.sin(t / 1000.0) + (t == 123_456 ? 50 : 0) - (t == 654_321 ? 50 : 0));
        }

        List<ColumnEnvelope.Point> kept = e.kept();
        assertThat(e.points()).isEqualTo(1_000_000);
        assertThat(kept.size()).isLessThanOrEqualTo(400);
        assertThat(kept).contains(new ColumnEnvelope.Point(123_456, Math.sin(123.456) + 50),
                new ColumnEnvelope.Point(654_321, Math.sin(654.321) - 50));
        assertThat(kept).isSortedAccordingTo(Comparator.comparingLong(ColumnEnvelope.Point::ts));
    }

    @Test
    void shouldWidenForLaterPointsAndStillKeepTheExtremes() {
        ColumnEnvelope e = new ColumnEnvelope(0, 1000, 100_000, 10);
        e.add(5, 1);
        e.add(50, 99);
        e.add(60, -99);
        e.add(7_999, 3);

        List<ColumnEnvelope.Point> kept = e.kept();
        assertThat(kept).contains(new ColumnEnvelope.Point(50, 99), new ColumnEnvelope.Point(60, -99),
                new ColumnEnvelope.Point(7_999, 3));
        assertThat(kept.size()).isLessThanOrEqualTo(40);
    }

    @Test
    void shouldIgnorePointsOutsideItsRangeAndNonFiniteValues() {
        ColumnEnvelope e = new ColumnEnvelope(1000, 2000, 2000, 4);
        e.add(999, 1);
        e.add(2001, 1);
        e.add(1500, Double.NaN);

        assertThat(e.points()).isZero();
        assertThat(e.kept()).isEmpty();
    }
}
