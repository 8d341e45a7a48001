package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
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
        return new TrendCall.Context(level, level, LIMIT, Double.NaN, Double.NaN, spanHours -> Double.NaN,
                spanHours -> Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                spanHours -> Double.NaN, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /** As {@link #context}, on a series that was at {@code peak} within the past day. */
    private static TrendCall.Context seenAt(double level, double peak) {
        return new TrendCall.Context(level, level, LIMIT, Double.NaN, Double.NaN, spanHours -> peak,
                spanHours -> Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                spanHours -> Double.NaN, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /** As {@link #context}, on a series whose level jumped by {@code jump} at once within the rung's stretch. */
    private static TrendCall.Context jumped(double level, double jump) {
        return new TrendCall.Context(level, level, LIMIT, Double.NaN, Double.NaN, spanHours -> Double.NaN,
                spanHours -> Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                spanHours -> jump, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    @Test
    void aShortRungWhoseRiseLiesWhollyAboveTheLongRungsIntervalIsNotOutvotedByIt() {
        // The detection suite's seed 80: a leak of 600 MB/h began three hours ago on a host whose level had stood flat
        // for a day (after a 2.2 GB step). The 1.6-hour rung puts the limit under four hours away; the 51.2-hour rung
        // averages the flat day in (95 MB/h, the limit 27 hours away, and too young a history for a warning). Its
        // interval lies wholly below the short rung's: the long view is of an older, flatter level, and the short rung
        // speaks.
        List<RungFit> young = Arrays.asList(fit(1.6, 6.8e8, Double.NaN), fit(3.2, 5.6e8, Double.NaN), fit(51.2, 9.5e7, Double.NaN));
        TrendCall call = TrendCall.decide(young, context(13.4e9));
        assertThat(call.tier()).isEqualTo(2);
        assertThat(call.fit().spanHours()).isEqualTo(3.2);
        // A short rung whose interval reaches down into the long rung's is noise the long view outvotes.
        RungFit noisy = new RungFit(1.6, 12, 2.5e8, 0.5e8, 4.5e8, 1e-3, false, 8e9, 2.5e8, 2.5e8, Double.NaN);
        assertThat(TrendCall.decide(Arrays.asList(noisy, fit(51.2, 9.5e7, Double.NaN)), context(13.4e9)).tier()).isZero();
    }

    @Test
    void aRiseMadeHalfOrMoreOfOneJumpIsAStepUnlessTheLimitIsImminent() {
        // 1.6 hours at 1.2 GB/h: a 1.9 GB rise. One jump of 1.5 GB made most of it (a deploy): a step, held back.
        assertThat(TrendCall.decide(Arrays.asList(fit(1.6, 1.2e9, Double.NaN)), jumped(9e9, 1.5e9)).tier()).isZero();
        // Jumps of 0.3 GB are within what the series does minute to minute: the rise stands.
        assertThat(TrendCall.decide(Arrays.asList(fit(1.6, 1.2e9, Double.NaN)), jumped(9e9, 3e8)).tier()).isEqualTo(2);
        // 9 GB/h with 4 GB to go: whatever made the rise, the limit is under an hour away.
        assertThat(TrendCall.decide(Arrays.asList(fit(0.4, 9e9, Double.NaN)), jumped(12e9, 3e9)).tier()).isEqualTo(2);
    }

    @Test
    void theRiseAJumpIsWeighedAgainstIsThatOfTheHoursTheSeriesFilled() {
        // The detection suite's seed 62: a series 38 hours old, its level stepped up 1.25 GB at hour 21. The 51.2-hour
        // rung has 9 of its 12 buckets and rises 54 MB/h: 2.1 GB over the 38 hours it holds, of which the step made more
        // than half. A step, held back (weighed over 51.2 hours, 2.8 GB, it passed for a trend).
        RungFit young = new RungFit(51.2, 9, 5.4e7, 4.9e7, 5.8e7, 3e-4, false, 8e9, 5.4e7, 5.4e7, Double.NaN);
        assertThat(TrendCall.decide(Arrays.asList(young), jumped(15e9, 1.25e9)).tier()).isZero();
        // The same rung over a full 51.2 hours: the step is under half of the rise, which stands.
        RungFit full = new RungFit(51.2, 12, 5.4e7, 4.9e7, 5.8e7, 3e-4, false, 8e9, 5.4e7, 5.4e7, Double.NaN);
        assertThat(TrendCall.decide(Arrays.asList(full), jumped(15e9, 1.25e9)).tier()).isEqualTo(2);
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

    /** A day of history: the current level {@code levelDod} above the same hour yesterday, the last hour's mean {@code hourDod}. */
    private static TrendCall.Context dayLater(double level, double levelDod, double hourDod) {
        return new TrendCall.Context(level, level, LIMIT, levelDod, hourDod, spanHours -> Double.NaN,
                spanHours -> Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                spanHours -> Double.NaN, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /** As {@link #dayLater}, {@code lump} of the day-over-day difference having come within a few hours of the past day. */
    private static TrendCall.Context dayLaterLumped(double level, double dod, double lump) {
        return new TrendCall.Context(level, level, LIMIT, dod, dod, spanHours -> Double.NaN,
                spanHours -> Double.NaN, spanHours -> Double.NaN, SWING, spanHours -> SWING,
                spanHours -> Double.NaN, lump, 12, true, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /**
     * As {@link #dayLater}, with the past day's peak {@code peak}, the highest hourly peak in the half day before the
     * rung's stretch {@code prior}, and yesterday's pace over the same hours {@code yesterdayPace}.
     */
    private static TrendCall.Context afterAStep(double level, double levelDod, double peak, double prior, double yesterdayPace) {
        return new TrendCall.Context(level, level, LIMIT, levelDod, levelDod, spanHours -> peak,
                spanHours -> prior, spanHours -> yesterdayPace, SWING, spanHours -> SWING,
                spanHours -> Double.NaN, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    @Test
    void aRiseBackTowardYesterdaysLevelIsCalledWhenTheSeriesLeftThatLevelHalfADayAgo() {
        // Host memory stepped down 2.4 GB and stayed there; 17 hours later it rises 1.2 GB/h. At 8 GB it is still 1 GB
        // below the same hour yesterday and below the past day's peak (9.5 GB): what a daily cycle's rising half looks
        // like. But in the twelve hours before the rise it never came within the rise of yesterday's level (its peak
        // there, 6.5 GB, is under 9 GB less the rise), and yesterday these hours were flat: yesterday says nothing.
        List<RungFit> fits = Arrays.asList(fit(1.6, 1.2e9, Double.NaN), fit(3.2, 1.2e9, Double.NaN));
        assertThat(TrendCall.decide(fits, afterAStep(8e9, -1e9, 9.5e9, 6.5e9, 0)).tier()).isPositive();
        // Yesterday rose as fast over the same hours: a daily cycle, held back.
        assertThat(TrendCall.decide(fits, afterAStep(8e9, -1e9, 9.5e9, 6.5e9, 1.2e9)).tier()).isZero();
        // The series stood near yesterday's level within the half day (a cycle or a restart refilling): held back.
        assertThat(TrendCall.decide(fits, afterAStep(8e9, -1e9, 9.5e9, 8.8e9, 0)).tier()).isZero();
        // Without a day of history, the past day's peak alone holds it.
        assertThat(TrendCall.decide(fits, afterAStep(8e9, Double.NaN, 9.5e9, 6.5e9, 0)).tier()).isZero();
    }

    @Test
    void aDayLongRiseIsNotHeldBackByTheHoursADailyCycleFlattensItWhileTheLevelStandsADaysRiseAboveYesterday() {
        // A 5-day leak of 66 MB/h under a daily cycle (the suite's seed 19, 37 hours in): the 25.6-hour rung rises at
        // 86 MB/h, but for the last six hours the cycle's falling half has cancelled the leak, and the 3.2- and
        // 6.4-hour rungs are flat. The level stands 1.53 GB above the same hour yesterday, 24 hours of the leak:
        // the flat hours are the cycle's, and days ahead it warns (the 12.8-hour rung, half flat, is not asked to be
        // straight either: the day over day must then show most of a day's rise).
        RungFit day = new RungFit(25.6, 12, 8.6e7, 6.8e7, 1.07e8, 2.6e-5, false, 7.3e9, 7.4e7, 5.1e7, 9.27e9);
        List<RungFit> fits = Arrays.asList(flat(3.2, 2.3e7), flat(6.4, 2e7),
                new RungFit(12.8, 12, 3.1e7, 1.1e7, 5e7, 3.7e-3, true, 8.5e9, 7.8e7, 2.5e6, 8.9e9), day);
        TrendCall call = TrendCall.decide(fits, dayLater(8.9e9, 1.53e9, 1.53e9));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(25.6);
        // A rise that flattened after a cache warmed up this morning: the 6.4-hour rung falls significantly. Held.
        List<RungFit> falling = Arrays.asList(flat(3.2, 2.3e7), flat(6.4, -1.5e7), fits.get(2), day);
        assertThat(TrendCall.decide(falling, dayLater(8.9e9, 1.53e9, 1.53e9)).tier()).isZero();
        // Less than 70% of a day's rise above yesterday: the flat hours may be a plateau after all. No warning.
        assertThat(TrendCall.decide(fits, dayLater(8.9e9, 1.2e9, 1.2e9)).tier()).isZero();
        // Without a day of history, the flat hours hold it.
        assertThat(TrendCall.decide(fits, dayLater(8.9e9, Double.NaN, Double.NaN)).tier()).isZero();
    }

    @Test
    void aRiseUnderADayThatTheSameHoursYesterdayMatchedIsNotCalled() {
        // The detection suite's seed 55: 14 hours after host memory stepped up 2.15 GB and stayed, the 6.4-hour rung
        // climbs 94 MB/h with the daily cycle's rising half. The level stands above the same hour yesterday by the step
        // and above every level of the day before it: only the same hours yesterday, which rose at 90 MB/h, say cycle.
        List<RungFit> fits = Arrays.asList(fit(3.2, 9.4e7, Double.NaN), fit(6.4, 9.4e7, Double.NaN));
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 2.3e9, Double.NaN)).tier()).isEqualTo(1);
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 2.3e9, 9e7)).tier()).isZero();
        // Yesterday's hours rose at a third of the pace (a leak on top of the cycle), or at three times it (a cache
        // warming up then, a cycle today, or a leak today where yesterday a deploy refilled): no match, called.
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 2.3e9, 3e7)).tier()).isEqualTo(1);
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 2.3e9, 3e8)).tier()).isEqualTo(1);
        // A rung of a day or more averages the cycle away: what yesterday's hours did says nothing of it.
        List<RungFit> day = Arrays.asList(fit(12.8, 9.4e7, Double.NaN), fit(25.6, 9.4e7, Double.NaN));
        assertThat(TrendCall.decide(day, sameHoursYesterday(10e9, 2.3e9, 9e7)).tier()).isEqualTo(1);
        // A limit within the horizon is called whatever yesterday did (a leak that runs the heap out every day).
        List<RungFit> fill = Arrays.asList(fit(3.2, 4e8, Double.NaN), fit(6.4, 4e8, Double.NaN));
        assertThat(TrendCall.decide(fill, sameHoursYesterday(10e9, 3e9, 4e8)).tier()).isEqualTo(2);
    }

    /**
     * A day of history, the level {@code dod} above the same hour yesterday, the same hours yesterday rising at
     * {@code stretchPace} per hour, an hourly swing of 0.2 GB (the sawtooth-corrected level's).
     */
    private static TrendCall.Context sameHoursYesterday(double level, double dod, double stretchPace) {
        return new TrendCall.Context(level, level, LIMIT, dod, dod, spanHours -> Double.NaN,
                spanHours -> Double.NaN, spanHours -> stretchPace, 2e8, spanHours -> 2e8,
                spanHours -> Double.NaN, Double.NaN, Double.NaN, false, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /**
     * As {@link #sameHoursYesterday}, most of the day-over-day difference ({@code lump} of it) having come within a
     * few hours that ended {@code hoursAgo} hours ago.
     */
    private static TrendCall.Context sameHoursYesterdayAfterALump(double level, double dod, DoubleUnaryOperator stretchPace,
                                                                  double lump, double hoursAgo) {
        return lumpedYesterday(level, dod, stretchPace, lump, hoursAgo, true);
    }

    /** As {@link #sameHoursYesterdayAfterALump}, the lump measured against yesterday or (on a young series) on the levels. */
    private static TrendCall.Context lumpedYesterday(double level, double dod, DoubleUnaryOperator stretchPace, double lump,
                                                     double hoursAgo, boolean againstYesterday) {
        return new TrendCall.Context(level, level, LIMIT, dod, dod, spanHours -> Double.NaN,
                spanHours -> Double.NaN, stretchPace, 2e8, spanHours -> 2e8,
                spanHours -> Double.NaN, lump, hoursAgo, againstYesterday, 0.01, 12, 24, 24 * 7, Double.NaN);
    }

    /** A rung whose rise is not significant, the top of its slope's interval at {@code upper} per hour. */
    private static RungFit flat(double spanHours, double upper) {
        return new RungFit(spanHours, 12, upper - 3e7, upper - 6e7, upper, 0.3, false, 8.9e9, 0, 0, Double.NaN);
    }

    @Test
    void aRungOfHourLongBucketsIsNotHeldBackByTheHourlySwing() {
        // A leak of 69 MB/h (a host's free half in five days) rises 0.9 GB in 12.8 hours, less than the page cache
        // swings within an hour (1.4 GB); the 12.8-hour rung's buckets (64 minutes) average that swing away. At 8 GB of
        // 16 the limit is ~5 days away: a warning. The same rise on a rung of 32-minute buckets is still held back.
        List<RungFit> fits = Arrays.asList(fit(6.4, 6.9e7, Double.NaN), fit(12.8, 6.9e7, Double.NaN));
        TrendCall call = TrendCall.decide(fits, dayLater(8e9, 1.6e9, 1.6e9));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(12.8);
        List<RungFit> halfHourBuckets = Arrays.asList(fit(3.2, 1.4e8, Double.NaN), fit(6.4, 1.4e8, Double.NaN));
        assertThat(TrendCall.decide(halfHourBuckets, dayLater(8e9, 1.6e9, 1.6e9)).tier()).isZero();
    }

    @Test
    void aRungOfHourLongBucketsComparesHourMeansDayOverDay() {
        // The rising half of a daily cycle: the last hour's mean is where it was yesterday (hour over hour +0.1 GB),
        // while the current level, at the top of a page cache up-stroke, is 1.6 GB above yesterday's hour mean.
        List<RungFit> fits = Arrays.asList(fit(6.4, 6.9e7, Double.NaN), fit(12.8, 6.9e7, Double.NaN));
        assertThat(TrendCall.decide(fits, dayLater(8e9, 1.6e9, 1e8)).tier()).isZero();
        // Without the hour means (the first hours of the second day) the level's own day-over-day speaks.
        assertThat(TrendCall.decide(fits, dayLater(8e9, 1.6e9, Double.NaN)).tier()).isEqualTo(1);
    }

    @Test
    void aLevelAboveYesterdaysThatCameInOneLumpDoesNotExplainAwayFlatHoursOrABend() {
        // The detection suite's seed 57, 30 hours in: a cache warmed up by 1.55 GB twelve hours ago, and the daily
        // cycle rose before and after it. The 25.6-hour rung rises 67 MB/h; the 6.4-hour rung is flat. The level stands
        // 1.55 GB above the same hour yesterday, a day of that slope, but it got there within four hours: a warm-up,
        // not a leak that the cycle's falling half hides for a few hours. The flat hours are believed: no warning.
        RungFit day = new RungFit(25.6, 12, 6.7e7, 4.6e7, 8.6e7, 2.4e-4, false, 8.35e9, 6.1e7, 4.0e7, Double.NaN);
        List<RungFit> fits = Arrays.asList(flat(3.2, 2.3e7), flat(6.4, 2.5e7), day);
        assertThat(TrendCall.decide(fits, dayLaterLumped(10.2e9, 1.55e9, 0.95)).tier()).isZero();
        // The same difference grown over the whole day (a leak): the flat hours are the cycle's, and it warns.
        assertThat(TrendCall.decide(fits, dayLaterLumped(10.2e9, 1.55e9, 0.25)).tier()).isEqualTo(1);
        // A bend that a day-long rung fits is believed likewise once the difference came in a lump.
        List<RungFit> bent = Arrays.asList(fit(6.4, 7e7, Double.NaN), fit(12.8, 7e7, 8.9e9), fit(25.6, 7e7, 9.3e9));
        assertThat(TrendCall.levellingOff(bent, 2, dayLaterLumped(9e9, 1.6e9, 0.25))).isFalse();
        assertThat(TrendCall.levellingOff(bent, 2, dayLaterLumped(9e9, 1.6e9, 0.9))).isTrue();
    }

    @Test
    void aRiseUnderADayThatAddsTooLittleToYesterdaysPaceToReachTheLimitWithinTheWarningHorizonIsNotCalled() {
        // The detection suite's seed 57, 34 hours in: the 6.4-hour rung climbs 88 MB/h, the same hours yesterday rose
        // 55 MB/h (the daily cycle's rising half, a little steeper today). What today adds, 33 MB/h, would take the
        // 6 GB left more than a week: no new trend. A leak that began today adds its whole pace.
        List<RungFit> fits = Arrays.asList(fit(3.2, 8.8e7, Double.NaN), fit(6.4, 8.8e7, Double.NaN));
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 1.6e9, 5.5e7)).tier()).isZero();
        // 48 MB/h more than yesterday: the limit within about five days on that alone. Called.
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 1.6e9, 4e7)).tier()).isEqualTo(1);
        // Yesterday's hours fell: today's whole pace is new.
        assertThat(TrendCall.decide(fits, sameHoursYesterday(10e9, 1.6e9, -5e7)).tier()).isEqualTo(1);
    }

    @Test
    void aWarningIsNotMadeOnARungUnderADayWhoseStretchReachesBackIntoTheLump() {
        // The detection suite's seed 53, 58 hours in: a cache warmed up by 2.5 GB from hour 43, most of it by hour 47.
        // The 12.8-hour rung's stretch began at hour 45, in the warm-up's tail: 62 MB/h, where yesterday's same hours
        // rose 15 MB/h. Its slope is the tail's, not a trend's: held. The 6.4-hour rung, clear of it, rises as its
        // hours did yesterday (the daily cycle): held too.
        List<RungFit> fits = Arrays.asList(fit(3.2, 6.2e7, Double.NaN), fit(6.4, 6.2e7, Double.NaN), fit(12.8, 6.2e7, Double.NaN));
        DoubleUnaryOperator cycle = spanHours -> spanHours < 10 ? 6.2e7 : 1.5e7;
        assertThat(TrendCall.decide(fits, sameHoursYesterdayAfterALump(10e9, 2.5e9, cycle, 0.9, 11)).tier()).isZero();
        // The same hours without a lump in the day (a leak that began this morning): called on the 12.8-hour rung.
        TrendCall call = TrendCall.decide(fits, sameHoursYesterdayAfterALump(10e9, 2.5e9, cycle, 0.3, 11));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(12.8);
        // A difference that came within the last hours and is still growing is a young leak's, not a settled lump.
        call = TrendCall.decide(fits, sameHoursYesterdayAfterALump(10e9, 2.5e9, cycle, 0.9, 1));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(12.8);
        // On a series under two days old the lump is read from the levels, whose largest rise may be the daily
        // cycle's: it places no hours to hold a stretch for.
        call = TrendCall.decide(fits, lumpedYesterday(10e9, 2.5e9, cycle, 0.9, 11, false));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(12.8);
        // A leak that began after the lump: the 6.4-hour rung, clear of it, rises 90 MB/h, six times as fast as its hours
        // did yesterday. Called there.
        List<RungFit> leak = Arrays.asList(fit(3.2, 9e7, Double.NaN), fit(6.4, 9e7, Double.NaN), fit(12.8, 6.2e7, Double.NaN));
        call = TrendCall.decide(leak, sameHoursYesterdayAfterALump(10e9, 2.5e9, spanHours -> 1.5e7, 0.9, 8));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(6.4);
    }

    @Test
    void aDayLongRungsBendIsTheDailyCycleWhileTheLevelStandsADaysRiseAboveYesterday() {
        // A leak of 70 MB/h under a daily cycle of 0.3 GB: past the day's peak the evening's descent bends the 12.8- and
        // 25.6-hour rungs, and each fits a plateau below the limit. Yet the level is 1.6 GB above the same hour
        // yesterday, what 70 MB/h gives in a day: the series did not level off, and days ahead it warns.
        List<RungFit> fits = Arrays.asList(fit(6.4, 7e7, Double.NaN), fit(12.8, 7e7, 8.9e9), fit(25.6, 7e7, 9.3e9));
        TrendCall call = TrendCall.decide(fits, dayLater(9e9, 1.6e9, 1.6e9));
        assertThat(call.tier()).isEqualTo(1);
        assertThat(call.fit().spanHours()).isEqualTo(25.6);
        // Where it was a day ago, the same bend is believed (and the cycle guard holds the rise back too).
        assertThat(TrendCall.levellingOff(fits, 2, dayLater(9e9, 1e8, 1e8))).isTrue();
    }

    @Test
    void aShortRungsBendKeepsItsVetoWhateverTheDayOverDay() {
        // A cache that warmed up this afternoon: 1.5 GB above yesterday, and the 6.4-hour rung saw its rise bend toward
        // 9.2 GB. A bend within hours is a warm-up's, not the daily cycle's: the longer rungs stay held back.
        List<RungFit> fits = Arrays.asList(fit(6.4, 2e8, 9.2e9), fit(12.8, 1.2e8, Double.NaN));
        assertThat(TrendCall.levellingOff(fits, 1, dayLater(9e9, 1.5e9, 1.5e9))).isTrue();
        assertThat(TrendCall.decide(fits, dayLater(9e9, 1.5e9, 1.5e9)).tier()).isZero();
    }

    @Test
    void aStretchWhoseOlderHalfClimbedMostOfTheRiseIsNoSteadyRiseForAWarning() {
        // A level step of 1 GB in the first hours of the 12.8-hour stretch: the stretch's slope is 90 MB/h, its older half
        // climbed at 220 MB/h, its newer half (the 6.4-hour rung) at 80 MB/h. Days ahead is no forecast to make from it;
        // the same stretch climbing evenly (a leak) warns.
        RungFit stepped = new RungFit(12.8, 12, 9e7, 6e7, 1.5e8, 1e-5, false, 8e9, 2.2e8, 9e7, Double.NaN);
        RungFit even = new RungFit(12.8, 12, 9e7, 6e7, 1.5e8, 1e-5, false, 8e9, 9e7, 9e7, Double.NaN);
        RungFit newer = fit(6.4, 8e7, Double.NaN);
        assertThat(TrendCall.decide(Arrays.asList(newer, stepped), dayLater(9e9, 1.6e9, 1.6e9)).tier()).isZero();
        assertThat(TrendCall.decide(Arrays.asList(newer, even), dayLater(9e9, 1.6e9, 1.6e9)).tier()).isEqualTo(1);
    }
}
