package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ladder's call on plain fits: which guard holds a rung back, and when it lets go. */
class TrendCallTest {

    private static final double LIMIT = 16e9;
    private static final double SWING = 1.4e9;

    /** A rising, significant, non-step fit over {@code spanHours} at {@code slope} per hour, levelling off at {@code plateau}. */
    private static RungFit fit(double spanHours, double slope, double plateau) {
        return new RungFit(spanHours, 12, slope, 0.9 * slope, 1.1 * slope, 1e-5, false, 8e9, slope, slope, plateau);
    }

    private static TrendCall.Context context(double level) {
        return new TrendCall.Context(level, LIMIT, Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /** As {@link #context}, on a series that was at {@code peak} within the past day. */
    private static TrendCall.Context seenAt(double level, double peak) {
        return new TrendCall.Context(level, LIMIT, Double.NaN, spanHours -> peak, SWING, spanHours -> SWING,
                0.01, 12, 24, 24 * 7, Double.NaN);
    }

    @Test
    void aRiseToALevelSeenWithinTheDayIsACycleUnlessTheLimitIsImminent() {
        // The host was at 15 GB yesterday (an earlier experiment filled it). At 12 GB, 2 GB/h is 2 hours from the
        // limit: a level it has been at before, held back. 9 GB/h is 27 minutes from it: an acute fill, called.
        assertThat(TrendCall.decide(Arrays.asList(fit(0.4, 2e9, Double.NaN)), seenAt(12e9, 15e9)).tier()).isZero();
        assertThat(TrendCall.decide(Arrays.asList(fit(0.4, 9e9, Double.NaN)), seenAt(12e9, 15e9)).tier()).isEqualTo(2);
    }

    @Test
    void aLongerRungThatLevelledOffVetoesAShortRiseWithinAnHoursSwingOfItsPlateau() {
        // The 48-minute rung sees a page cache's up-stroke at 2 GB/h, 11.5 GB of 16: the limit ~2h away. The 1.6-hour
        // rung saw the rise before it bend toward 11.1 GB (a cache that warmed up).
        List<RungFit> fits = Arrays.asList(fit(0.8, 2e9, Double.NaN), fit(1.6, 1.5e9, 11.1e9));
        assertThat(TrendCall.levellingOff(fits, 0, context(11.5e9))).isTrue();
        assertThat(TrendCall.decide(fits, context(11.5e9)).tier()).isZero();
    }

    @Test
    void theVetoLiftsOnceTheLevelLeavesThePlateausBand() {
        List<RungFit> fits = Arrays.asList(fit(0.8, 2e9, Double.NaN), fit(1.6, 1.5e9, 11.1e9));
        double above = 11.1e9 + SWING + 1e8;
        assertThat(TrendCall.levellingOff(fits, 0, context(above))).isFalse();
        assertThat(TrendCall.decide(fits, context(above)).tier()).isEqualTo(2);
    }

    @Test
    void anImminentLimitIsNeverHeldBackByALongerRung() {
        // 10 GB/h with 4.5 GB to go: under half an hour.
        List<RungFit> fits = Arrays.asList(fit(0.2, 1e10, Double.NaN), fit(1.6, 1.5e9, 11.1e9));
        assertThat(TrendCall.levellingOff(fits, 0, context(11.5e9))).isFalse();
        assertThat(TrendCall.decide(fits, context(11.5e9)).tier()).isEqualTo(2);
    }

    @Test
    void aShorterRungThatLevelsOffVetoesWhateverTheLevel() {
        List<RungFit> fits = Arrays.asList(fit(0.8, 2e9, 12e9), fit(1.6, 1.5e9, Double.NaN));
        assertThat(TrendCall.levellingOff(fits, 1, context(15e9))).isTrue();
    }
}
