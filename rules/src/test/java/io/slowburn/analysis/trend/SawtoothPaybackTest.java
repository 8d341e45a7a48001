package io.slowburn.analysis.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SawtoothPaybackTest {

    private static final long MINUTE = 60_000L;
    private static final int DAY_MINUTES = 24 * 60;

    /**
     * Host memory as the detection suite simulates it, one level a minute: 8 GB in use plus a page cache that grows
     * 1.5 GB over 60 to 90 minutes (a fill pace that varies from minute to minute) and is then reclaimed at once,
     * +-30 MB of noise, plus {@code extra(minute)}.
     */
    private static double[] hostMemory(int minutes, long seed, java.util.function.IntToDoubleFunction extra) {
        Random r = new Random(seed);
        double[] out = new double[minutes];
        double perMinute = 1.5e9 / (60 + 30 * r.nextDouble());
        double cache = 1.5e9 * r.nextDouble();
        for (int m = 0; m < minutes; m++) {
            cache += perMinute * (0.5 + r.nextDouble());
            if (cache > 1.5e9) {
                cache = 0.1e9 * r.nextDouble();
            }
            out[m] = 8e9 + cache + (r.nextDouble() - 0.5) * 6e7 + extra.applyAsDouble(m);
        }
        return out;
    }

    private static double[] corrected(double[] raw) {
        SawtoothPayback p = new SawtoothPayback(MINUTE);
        double[] out = new double[raw.length];
        for (int m = 0; m < raw.length; m++) {
            out[m] = p.next(m, raw[m]);
        }
        return out;
    }

    private static double range(double[] v, int from, int to) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        return hi - lo;
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    @Test
    void aPageCacheFilledAndReclaimedLeavesAFlatLineAtTheTopOfItsSawtooth() {
        for (long seed = 1; seed <= 10; seed++) {
            double[] raw = hostMemory(3 * DAY_MINUTES, seed, m -> 0);
            double[] out = corrected(raw);
            assertThat(range(raw, 6 * 60, raw.length)).as("seed %s: the sawtooth", seed).isGreaterThan(1.3e9);
            // What is left: the noise, and how far one cycle's fill pace strays from the day's.
            assertThat(range(out, 6 * 60, out.length)).as("seed %s", seed).isLessThan(0.45e9);
            // No drift: the third day sits where the first did (the same line, not a slow rise the fits would read).
            assertThat(Math.abs(mean(out, 2 * DAY_MINUTES, 3 * DAY_MINUTES) - mean(out, 6 * 60, DAY_MINUTES)))
                    .as("seed %s", seed).isLessThan(0.1e9);
        }
    }

    @Test
    void aLeakOnTheSawtoothRisesAtTheLeaksOwnPace() {
        // 0.6 GB an hour from the second day on: reclaims free the cache, not the leak.
        for (long seed = 1; seed <= 10; seed++) {
            double[] raw = hostMemory(3 * DAY_MINUTES, seed, m -> Math.max(0, m - DAY_MINUTES) * 0.6e9 / 60);
            double[] out = corrected(raw);
            double perHour = (mean(out, DAY_MINUTES + 5 * 60, DAY_MINUTES + 6 * 60) - mean(out, DAY_MINUTES + 60, DAY_MINUTES + 2 * 60))
                    / 4;
            assertThat(perHour).as("seed %s", seed).isBetween(0.45e9, 0.75e9);
        }
    }

    @Test
    void aSeriesWithoutASawtoothIsLeftAsItIs() {
        Random r = new Random(3);
        SawtoothPayback p = new SawtoothPayback(MINUTE);
        for (int m = 0; m < 2 * DAY_MINUTES; m++) {
            // noise, a daily cycle, and one step down by 1.5 GB (a single fall is no sawtooth)
            double v = 8e9 + 3e8 * Math.sin(2 * Math.PI * m / DAY_MINUTES) + (r.nextDouble() - 0.5) * 6e7 - (m >= 900 ? 1.5e9 : 0);
            assertThat(p.next(m, v)).isEqualTo(v);
        }
    }

    @Test
    void aLevelThatStepsDownOnTheSawtoothDoesNotComeBackAsARise() {
        // The step down looks like a reclaim; the level after the next reclaim is read afresh, so the correction
        // follows the step down within a cycle or two and never climbs above where it stood before.
        double[] raw = hostMemory(3 * DAY_MINUTES, 4, m -> m >= 36 * 60 ? -1.5e9 : 0);
        double[] out = corrected(raw);
        double before = mean(out, 30 * 60, 36 * 60);
        double[] after = new double[3 * DAY_MINUTES - 39 * 60];
        System.arraycopy(out, 39 * 60, after, 0, after.length);
        for (int h = 0; h + 60 <= after.length; h += 60) {
            assertThat(mean(after, h, h + 60)).as("hour %s after the step", h / 60 + 3).isLessThan(before - 1e9);
        }
    }

    @Test
    void readFromBytesItGoesOnExactlyAsTheOneThatStayedInMemory() throws IOException {
        double[] raw = hostMemory(2 * DAY_MINUTES, 5, m -> 0);
        SawtoothPayback kept = new SawtoothPayback(MINUTE);
        for (int m = 0; m < DAY_MINUTES; m++) {
            kept.next(m, raw[m]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        kept.writeTo(new DataOutputStream(bytes));
        SawtoothPayback read = new SawtoothPayback(MINUTE);
        read.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int m = DAY_MINUTES; m < raw.length; m++) {
            assertThat(read.next(m, raw[m])).isEqualTo(kept.next(m, raw[m]));
            assertThat(read.lastReclaim()).isEqualTo(kept.lastReclaim());
        }
    }

    /**
     * A page cache of 1.5 GB on 8 GB in use, filled at a steady pace and reclaimed when full, one level a minute:
     * {@code cycles} gives each cycle's length in minutes, the last one under way at the end.
     */
    private static double[] steadySawtooth(int... cycles) {
        int minutes = 0;
        for (int c : cycles) {
            minutes += c;
        }
        double[] out = new double[minutes];
        int m = 0;
        for (int c : cycles) {
            for (int j = 0; j < c; j++) {
                out[m++] = 8e9 + 1.5e9 * j / c;
            }
        }
        return out;
    }

    @Test
    void hindsightPaysACycleThatEndedShortOfThePaceBackEvenlyAndLeavesEveryOtherAsItIs() {
        // A day of hourly cycles, then one that fills in 54 minutes (the pace learnt says 60: the correction has 10%
        // of the reclaim left to pay when the next reclaim comes), one of 66 minutes, and one under way.
        int day = 24;
        int[] cycles = new int[day + 3];
        java.util.Arrays.fill(cycles, 60);
        cycles[day] = 54;
        cycles[day + 1] = 66;
        cycles[day + 2] = 40;
        double[] raw = steadySawtooth(cycles);
        SawtoothPayback p = new SawtoothPayback(MINUTE);
        double[] out = new double[raw.length];
        for (int m = 0; m < raw.length; m++) {
            out[m] = p.next(m, raw[m]);
        }
        int shortStart = day * 60;
        int longStart = shortStart + 54;
        int ongoing = longStart + 66;
        // The correction climbs through the short cycle and falls back at its end ...
        assertThat(out[longStart - 1] - out[shortStart]).isGreaterThan(0.1e9);
        assertThat(out[longStart - 1] - out[longStart]).isGreaterThan(0.1e9);
        // ... which hindsight takes out: the cycle reads as flat as the series is, from reclaim to reclaim.
        for (int m = shortStart; m < longStart; m++) {
            assertThat(out[m] + p.hindsight(m, m + 1) - out[shortStart]).as("minute %s of the short cycle", m - shortStart)
                    .isBetween(-0.03e9, 0.03e9);
        }
        // A longer cycle leaves no step (the level rises back to where its reclaim pins it) and the one under way is
        // not over: both are read as they are, as is every cycle the learnt pace paid back in full.
        assertThat(p.hindsight(longStart, ongoing)).isZero();
        assertThat(p.hindsight(ongoing, raw.length)).isZero();
        assertThat(p.hindsight(shortStart - 6 * 60, shortStart)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e7));
        // Reading it changes nothing the correction does next.
        SawtoothPayback q = new SawtoothPayback(MINUTE);
        for (int m = 0; m < raw.length; m++) {
            q.next(m, raw[m]);
        }
        assertThat(p.next(raw.length, 8e9 + 1.5e9 * 40 / 60)).isEqualTo(q.next(raw.length, 8e9 + 1.5e9 * 40 / 60));
    }

    @Test
    void hindsightLeavesACycleThatADipEndedFarShortOfThePaceAsItIs() {
        // One sample 1.5 GB low half an hour into a cycle looks like a reclaim: the cycle it ends is no ordinary one
        // (anyone who can write a record can end one there), and is not paid back anew.
        int day = 24;
        int[] cycles = new int[day + 2];
        java.util.Arrays.fill(cycles, 60);
        double[] raw = steadySawtooth(cycles);
        int dip = day * 60 + 30;
        raw[dip] -= 1.5e9;
        SawtoothPayback p = new SawtoothPayback(MINUTE);
        for (int m = 0; m < raw.length; m++) {
            p.next(m, raw[m]);
        }
        assertThat(p.hindsight(day * 60, dip)).isZero();
    }
}
