package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A ladder fitted in full only where {@link LadderFits} says the call reads more than the trend test makes the same
 * call as the ladder fitted in full everywhere (the former code), on random ladders and contexts; and a rung's trend
 * test alone is that of its full fit, bit for bit.
 */
class LadderFitsTest {

    @Test
    void callOnPartlyFittedLadderIsTheCallOnFullFits() {
        Random random = new Random(17);
        int[] tiers = new int[3];
        int chosenBelowLongest = 0;
        int trendOnly = 0;
        for (int round = 0; round < 200_000; round++) {
            int rungs = 1 + random.nextInt(10);
            double maxPValue = random.nextBoolean() ? 0.01 : 0.05;
            List<RungFit> full = new ArrayList<>();
            double slope = 1e9 * Math.pow(10, -2.5 * random.nextDouble());
            double width = random.nextBoolean() ? 1 : 5;
            for (int k = 0; k < rungs; k++) {
                full.add(random.nextInt(8) == 0 ? null : fit(random, 12 * Math.pow(2, k) / 60 * width, slope));
            }
            TrendCall.Context c = context(random, maxPValue);
            List<RungFit> partly = LadderFits.of(rungs, k -> full.get(k) == null ? null : trendOnly(full.get(k)), full::get, maxPValue);
            TrendCall expected = TrendCall.decide(full, c);
            assertThat(TrendCall.decide(partly, c)).as("round %d", round).isEqualTo(expected);
            tiers[expected.tier()]++;
            chosenBelowLongest += expected.fit() != null && expected.fit() != lastNonNull(full) ? 1 : 0;
            for (int k = 0; k < rungs; k++) {
                trendOnly += partly.get(k) != null && partly.get(k) != full.get(k) ? 1 : 0;
            }
        }
        System.out.printf("tiers %d %d %d, resting below the longest %d, trend only %d%n", tiers[0], tiers[1], tiers[2],
                chosenBelowLongest, trendOnly);
        assertThat(tiers[1]).as("warnings exercised (rare: a forecast days ahead passes the most guards)").isGreaterThan(100);
        assertThat(tiers[2]).as("critical calls exercised").isGreaterThan(1_000);
        assertThat(chosenBelowLongest).as("calls resting on a shorter rung exercised").isGreaterThan(1_000);
        assertThat(trendOnly).as("rungs left at their trend test").isGreaterThan(100_000);
    }

    @Test
    void trendOnlyIsTheFullFitsTrendTest() {
        Random random = new Random(19);
        int fitted = 0;
        for (int round = 0; round < 5_000; round++) {
            long width = (1 + random.nextInt(20)) * 60_000L;
            LevelRing ring = new LevelRing(16, width, random.nextBoolean() ? LevelRing.Aggregate.MIN : LevelRing.Aggregate.MEAN);
            long start = random.nextInt(1_000_000) * 1000L;
            double slope = random.nextGaussian();
            for (long t = start; t < start + 16 * width; t += width / 3) {
                if (random.nextInt(6) > 0) {
                    double v = random.nextInt(4) == 0 ? Math.round(random.nextGaussian()) : slope * (t - start) / width;
                    ring.add(t, v + random.nextGaussian());
                }
            }
            long end = Math.floorDiv(start + 16 * width, width);
            RungFit full = RungFit.of(ring, end, 12, 9, 0.95, new FitScratch(12));
            RungFit part = RungFit.trendOnly(ring, end, 12, 9, new FitScratch(12));
            assertThat(part).as("round %d", round).isEqualTo(full == null ? null : trendOnly(full));
            fitted += full == null ? 0 : 1;
        }
        assertThat(fitted).as("rungs with enough points").isGreaterThan(1_000);
    }

    private static RungFit trendOnly(RungFit f) {
        return RungFit.trendOnly(f.spanHours(), f.points(), f.pIncrease(), f.oldest());
    }

    private static RungFit lastNonNull(List<RungFit> fits) {
        RungFit last = null;
        for (RungFit f : fits) {
            last = f != null ? f : last;
        }
        return last;
    }

    /**
     * A fit of the scale of a heap of a few GB, near the ladder's slope: significant or not, rising or falling, a step or
     * a plateau now and then.
     */
    private static RungFit fit(Random random, double spanHours, double ladderSlope) {
        double[] pValues = {1e-6, 0.004, 0.01, 0.03, 0.05, 0.2, 0.7};
        double p = random.nextInt(4) == 0 ? random.nextDouble() : pValues[random.nextInt(pValues.length)];
        double slope = (random.nextInt(5) == 0 ? -1 : 1) * ladderSlope * (0.6 + 0.8 * random.nextDouble());
        double lower = slope - Math.abs(random.nextGaussian()) * Math.abs(slope);
        double upper = slope + Math.abs(random.nextGaussian()) * Math.abs(slope);
        double plateau = random.nextInt(3) == 0 ? 4e9 + random.nextDouble() * 2e10 : Double.NaN;
        return new RungFit(spanHours, 9 + random.nextInt(4), slope, lower, upper, p, random.nextInt(5) == 0,
                random.nextDouble() * 1.6e10, slope * (0.5 + random.nextDouble()), slope * (0.5 + random.nextDouble()), plateau);
    }

    private static TrendCall.Context context(Random random, double maxPValue) {
        double limit = random.nextInt(10) == 0 ? Double.NaN : 16e9;
        double level = random.nextDouble() * 1.7e10;
        // With sawtooth: true the level the fits see and the series' own level differ by up to a reclaim or two.
        double rawLevel = random.nextBoolean() ? level : level + random.nextGaussian() * 1e9;
        double swing = random.nextInt(4) == 0 ? Double.NaN : random.nextDouble() * 1e9;
        double dayOverDay = random.nextBoolean() ? Double.NaN : random.nextGaussian() * 2e9;
        double hourly = random.nextBoolean() ? Double.NaN : random.nextGaussian() * 2e9;
        double peak = random.nextBoolean() ? Double.NaN : random.nextDouble() * 1.7e10;
        double floor = random.nextGaussian() * 1e9;
        double jump = random.nextBoolean() ? Double.NaN : random.nextDouble() * 2e9;
        double saturation = random.nextBoolean() ? Double.NaN : 0.9;
        return new TrendCall.Context(level, rawLevel, limit, dayOverDay, hourly,
                span -> Double.isNaN(peak) ? peak : peak * (1 - span / 200),
                span -> Double.isNaN(peak) ? peak : peak * (1 - span / 100), span -> floor * span / 20, swing, span -> floor * span / 10,
                span -> Double.isNaN(jump) ? jump : jump / span, random.nextBoolean() ? Double.NaN : random.nextDouble(),
                random.nextDouble() * 30, random.nextBoolean(), maxPValue, 12, 24, 24 * 7, saturation);
    }
}
