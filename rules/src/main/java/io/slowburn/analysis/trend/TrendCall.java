package io.slowburn.analysis.trend;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * What the ladder of fits says at one bucket close: which rung (if any) shows a trend toward the limit that every
 * guard lets through, how soon the limit comes at that rung's slope, and how urgent that is.
 *
 * <p>The guards, each against one benign shape that a single trend test mistakes for a leak:
 * <ul>
 *   <li><b>step</b>: the rung's buckets are better explained by two flat levels than by a line (a deploy that
 *       raised the floor once) — {@link RungFit#stepLike};</li>
 *   <li><b>plateau</b>: a shorter rung (the newest part of the same stretch) rises at less than half the candidate's
 *       slope even at the top of its interval: the rise has flattened (a cache that warmed up). A candidate of a day
 *       or more is not held by a rung under half a day that is flat but not falling while the level stands a day's
 *       rise above yesterday: the daily cycle's falling half flattens a slow leak for hours ({@link #flattened});</li>
 *   <li><b>levelling off</b>: the buckets bend toward a plateau below the limit (a cache warming up approaches its
 *       size exponentially; a leak does not slow down), or a longer rung did and the level is still within an
 *       hour's swing of that plateau — {@link #levellingOff} (a bend on a rung of half a day or more is the daily cycle's
 *       while the level stands a day's rise above yesterday);</li>
 *   <li><b>cycle</b>: with a day of history, the level must also be above the same hour yesterday by at least half
 *       of what the rung's slope implies: the rising half of a daily cycle is back where it was yesterday (a rung of
 *       hour-long buckets compares the last complete hour's mean instead of the level);</li>
 *   <li><b>seen before</b>: the level must be higher than every level of the day before the rung's stretch: a
 *       series that swings this high every hour (a page cache filled and reclaimed) is not running out (this and the
 *       cycle guard do not hold back a limit under an hour away, nor a rise on a series that left yesterday's level
 *       behind half a day ago and did not rise over these hours yesterday: {@link #movedBelowYesterday});</li>
 *   <li><b>swing</b>: the rise over the rung's stretch must exceed the series' typical range within one hour (the
 *       median over the past day): a level that moves this much every hour anyway tells nothing in an hour; a rise
 *       of up to twice that range also needs the series' floor to have risen by half of it, until a day of history
 *       lets the day-over-day guard speak. A rung whose buckets span an hour or more is not judged by it: its
 *       buckets average the swing away;</li>
 *   <li><b>reach</b>: a trend seen over a span forecasts at most {@code reach} times that span ahead: an hour of
 *       rise says something about the next hours, not about next week.</li>
 * </ul>
 * A warning on a rung under a day also needs a rise unlike the same hours' yesterday ({@link #likeYesterday}): checked
 * after the vote, so that such a rung still outvotes a noisier shorter one.
 *
 * @param tier 0 nothing to report, 1 within the warning horizon, 2 within the horizon (critical), as decided
 * @param fit the rung the call rests on (the longest one that passed, or the longest fitted when nothing did)
 * @param saturated the level reached {@code saturation} of the limit within the last hours (an acute fill)
 */
record TrendCall(int tier, RungFit fit, boolean saturated) {

    static final TrendCall NONE = new TrendCall(0, null, false);
    static final double PLATEAU_RATIO = 0.5;
    /** A rise of the day-over-day difference within this many hours is one lump (see {@link #lumpy}). */
    static final int LUMP_HOURS = 4;
    /** The day-over-day difference is lumpy when one lump of {@value #LUMP_HOURS} hours made this share of it or more. */
    static final double LUMP_SHARE = 0.6;
    /** The lump's hours ended this long ago or more: the difference has stopped growing (see {@link #lumpy}). */
    static final double LUMP_SETTLED_HOURS = 3;
    static final double DAY_OVER_DAY_SHARE = 0.5;
    /** A rise of which one jump makes this share or more is a level step. */
    static final double JUMP_SHARE = 0.5;
    static final double WARNING_MIN_SPAN_HOURS = 4;
    static final double LINEAR_RATIO = 0.7;
    /** A rung under a day rises as the same hours did yesterday when each pace is at least this share of the other. */
    static final double SAME_PACE_RATIO = 0.7;
    /** A limit closer than this at the rung's pace is imminent: the swing guard no longer holds the call back. */
    static final double IMMINENT_HOURS = 1;
    /** The swing guard judges only rungs whose buckets are shorter than this. */
    static final double SWING_BUCKET_HOURS = 1;
    /**
     * A bend fitted over this many hours or more may be the daily cycle's (the evening's descent after the day's peak)
     * on a slow rise: the day-over-day comparison decides whether it levelled off.
     */
    static final double CYCLE_BEND_SPAN_HOURS = 12;
    /** A rung spanning this many hours sees whole daily cycles (see {@link #flattened}). */
    static final double DAY_SPAN_HOURS = 24;
    /** How many hours before a rung's stretch are searched for yesterday's level (see {@link #movedBelowYesterday}). */
    static final int PRIOR_HOURS = 12;
    /** The saturation check looks back this far for a level below the saturation mark. */
    static final double SATURATION_LOOKBACK_HOURS = 4;

    /**
     * The judgement's inputs that are not fits. {@code level} is the level the fits were made on, {@code rawLevel} the
     * series' own, from which the limit is measured (they differ only with {@code sawtooth: true}, where the fits see
     * the middle of the sawtooth). {@code pastPeak}, {@code priorPeak}, {@code yesterdayPace}, {@code floorRise} and
     * {@code largestJump} take a rung's span in hours.
     */
    record Context(double level, double rawLevel, double limit, double dayOverDay, double hourlyDayOverDay, DoubleUnaryOperator pastPeak,
                   DoubleUnaryOperator priorPeak, DoubleUnaryOperator yesterdayPace, double hourlySwing,
                   DoubleUnaryOperator floorRise, DoubleUnaryOperator largestJump, double dayOverDayLump,
                   double lumpHoursAgo, boolean lumpAgainstYesterday, double maxPValue,
                   double reach, double horizonHours, double warningHorizonHours, double saturation) {
    }

    /**
     * The call at one bucket close. {@link LadderFits} gives it only the trend test of the rungs whose other fields it
     * does not read (see there): a guard that reads more of a rung must be matched there ({@code LadderFitsTest}).
     */
    static TrendCall decide(List<RungFit> fits, Context c) {
        RungFit longest = null;
        for (RungFit f : fits) {
            if (f != null) {
                longest = f;
            }
        }
        if (longest == null || Double.isNaN(c.limit())) {
            return new TrendCall(0, longest, false);
        }
        RungFit chosen = null;
        int tier = 0;
        for (int k = 0; k < fits.size(); k++) {
            RungFit f = fits.get(k);
            // A limit under an hour away is no comfort whatever the series did yesterday (an acute fill on a host
            // that an earlier incident or experiment filled as high): the cycle guards do not hold it back.
            if (f == null || !f.rising(c.maxPValue()) || flattened(fits, k, c) || levellingOff(fits, k, c)
                    || !imminent(f, c) && (backToYesterday(f, c) || seenBefore(f, c) || oneJump(f, c))
                    || withinSwing(f, c)) {
                continue;
            }
            double ttlHours = hoursToLimit(c.rawLevel(), c.limit(), f.slopePerHour());
            if (ttlHours > c.reach() * f.spanHours()) {
                continue;
            }
            // Days ahead is a forecast only a day of history can back: before that, the rising half of a daily cycle
            // and a leak look the same (the day-over-day guard is what tells them apart).
            int t = ttlHours <= c.horizonHours() ? 2 : ttlHours <= c.warningHorizonHours() && steadyForDays(fits, k, c) ? 1 : 0;
            // A stretch that holds the tail of a step or warm-up overstates the pace: it does not speak for days ahead,
            // and a shorter rung clear of it may.
            if (t == 1 && holdsTheLump(f, c)) {
                continue;
            }
            // The longest rung that passes the guards speaks: it rests on the most buckets, so a noisy short rung
            // cannot make the limit look closer than the long view says. Unless the shorter rung's slope lies wholly
            // above the longer one's interval: then the longer stretch averages a flatter past into a rise younger
            // than it (a leak that began hours ago, after a day of a level), and the shorter rung is no noise.
            if (chosen != null && t < tier && f.upperPerHour() < chosen.lowerPerHour()) {
                continue;
            }
            tier = t;
            chosen = f;
        }
        // Checked on the rung believed, not as a guard on each: a rung that rises as it did yesterday is no new rise,
        // but it still speaks for the steady pace against a shorter rung's noise (dropped from the vote, it let a
        // short rung put a steady leak's limit 15 hours too close). Only a warning is held: a limit within the horizon
        // is no comfort whatever yesterday did (a leak that runs a JVM out of heap every day climbs as it did
        // yesterday; a daily cycle's rising half brings a limit within a day only where the level is near it).
        if (tier == 1 && (likeYesterday(chosen, c) || littleOverYesterday(chosen, c))) {
            tier = 0;
        }
        boolean saturated = saturatedRecently(fits, c);
        if (saturated) {
            tier = 2;
        }
        return new TrendCall(tier, chosen != null ? chosen : longest, saturated);
    }

    /**
     * A forecast days ahead asks more than one hours ahead: a day of history (so the day-over-day guard has spoken),
     * a stretch of at least {@value #WARNING_MIN_SPAN_HOURS} hours, and a straight rise: its older half and its newer
     * half (the rung below) each climbing at {@value #LINEAR_RATIO} of the stretch's slope or more, and the older half
     * no steeper than the stretch's slope over {@value #LINEAR_RATIO}. A cache warming up decelerates, a rise that only
     * just started has a flat older half, a level step early in the stretch puts most of its rise into the older half;
     * a leak that has gone on for the whole stretch passes. On a rung of {@value #DAY_SPAN_HOURS} hours or more, a level
     * {@value #LINEAR_RATIO} of a day's rise above the same hour yesterday stands in for a newer half that the daily cycle
     * flattened, unless that difference came in one lump ({@link #lumpy}).
     */
    private static boolean steadyForDays(List<RungFit> fits, int k, Context c) {
        RungFit f = fits.get(k);
        RungFit newer = k > 0 ? fits.get(k - 1) : null;
        // On a rung of a day or more the newer half is half a day: the daily cycle's falling half flattens a slow leak
        // there. The day over day speaks for it instead, and must then show most of a day's rise, not half.
        boolean newerSteady = newer != null && newer.slopePerHour() >= LINEAR_RATIO * f.slopePerHour()
                || f.spanHours() >= DAY_SPAN_HOURS && aboveYesterday(f, c, LINEAR_RATIO) && !lumpy(c);
        return !Double.isNaN(c.dayOverDay()) && f.spanHours() >= WARNING_MIN_SPAN_HOURS && newerSteady
                && f.olderSlopePerHour() >= LINEAR_RATIO * f.slopePerHour()
                && LINEAR_RATIO * f.olderSlopePerHour() <= f.slopePerHour();
    }

    /**
     * A shorter rung (the newest part of the stretch) rises at less than {@value #PLATEAU_RATIO} of rung {@code k}'s
     * slope even at the top of its interval. On a rung of {@value #DAY_SPAN_HOURS} hours or more, a rung shorter than
     * {@value #CYCLE_BEND_SPAN_HOURS} hours that is not falling significantly does not count while the level stands
     * above the same hour yesterday by what rung {@code k}'s slope implies: for hours each day the daily cycle's falling
     * half cancels a slow leak's rise. A rise that really flattened is back near yesterday's level within the day, and
     * a level a warm-up raised this morning, on the falling half of the cycle, falls. A step or warm-up within the day
     * lifts the level as far above yesterday's without any trend: a difference that came in one lump ({@link #lumpy})
     * excuses no flat hours.
     */
    private static boolean flattened(List<RungFit> fits, int k, Context c) {
        RungFit f = fits.get(k);
        boolean risingDayOverDay = f.spanHours() >= DAY_SPAN_HOURS && aboveYesterday(f, c, DAY_OVER_DAY_SHARE) && !lumpy(c);
        for (int j = 0; j < k; j++) {
            RungFit newer = fits.get(j);
            if (newer != null && newer.upperPerHour() < PLATEAU_RATIO * f.slopePerHour()
                    && !(risingDayOverDay && newer.spanHours() < CYCLE_BEND_SPAN_HOURS && newer.upperPerHour() > 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Most of the level's rise over the same hour yesterday came within {@value #LUMP_HOURS} hours of the past day (a
     * level step, a cache that warmed up), and those hours ended {@value #LUMP_SETTLED_HOURS} hours ago or more:
     * standing above yesterday then says nothing of a trend, and a bend or a flat newer stretch is not to be explained
     * away by it. A leak's difference grows all day; one only hours old is all lump, but its lump is the latest hours.
     */
    private static boolean lumpy(Context c) {
        return c.dayOverDayLump() >= LUMP_SHARE && c.lumpHoursAgo() >= LUMP_SETTLED_HOURS;
    }

    /**
     * A rung under a day whose stretch reaches back into the hours where the day-over-day difference came in one lump:
     * its slope holds the tail of that step or warm-up, and today's pace against yesterday's says nothing of a trend
     * (a warning days ahead waits until a stretch clear of it sees the rise). Only a lump measured against yesterday
     * places the hours: on a series not two days old the levels' own rises stand in, and their largest may be the
     * daily cycle's rising hours, which a leak's stretch must not be held for.
     */
    private static boolean holdsTheLump(RungFit f, Context c) {
        return f.spanHours() < DAY_SPAN_HOURS && c.lumpAgainstYesterday() && lumpy(c) && f.spanHours() > c.lumpHoursAgo();
    }

    /** The level stands above the same hour yesterday by at least {@code share} of a day's rise at the rung's slope. */
    private static boolean aboveYesterday(RungFit f, Context c, double share) {
        double dod = dayOverDay(f, c);
        return !Double.isNaN(dod) && dod >= share * f.slopePerHour() * Math.min(f.spanHours(), 24);
    }

    /**
     * Whether the rise seen at rung {@code k} approaches a plateau below the limit: that rung or a shorter one (the
     * newest part of the same stretch) rising significantly itself, is explained clearly better by an exponential
     * approach than by any straight rise ({@link ApproachFit}), and the plateau it approaches is below the limit.
     *
     * <p>A longer rung that levelled off speaks for the shorter ones too, while the level is still within an ordinary
     * hour's swing of its plateau: a short rung then sees the series moving about the level it settled at (the
     * up-stroke of a page cache sawtooth after a cache warmed up), not a new rise. A new rise carries the level past
     * that band and the veto lifts; a limit imminent at rung {@code k}'s pace is never held back.
     *
     * <p>A bend on a rung of {@value #CYCLE_BEND_SPAN_HOURS} hours or more (rung {@code k} or a shorter one) is not
     * believed while the level stands above the same hour yesterday by what rung {@code k}'s slope implies: a series
     * that levelled off is back where it was a day ago, and the bend such a rung fits to a slow leak is the daily
     * cycle's (unless the day-over-day difference came in one lump, {@link #lumpy}: then a step or warm-up holds the
     * level above yesterday's, and the bend is believed). The shorter rungs that see a cache warm up and level off
     * within hours keep their veto.
     */
    static boolean levellingOff(List<RungFit> fits, int k, Context c) {
        double band = Double.isNaN(c.hourlySwing()) ? 0 : c.hourlySwing();
        for (int i = 0; i < fits.size(); i++) {
            RungFit f = fits.get(i);
            // Only a rung whose own rise is significant may say where it levels off: on a slow leak the short rungs
            // are mostly noise, and a bend fitted to noise must not veto the long view.
            if (f == null || !(f.pIncrease() <= c.maxPValue() && f.plateau() < c.limit())) {
                continue;
            }
            if (i <= k && f.spanHours() >= CYCLE_BEND_SPAN_HOURS && !Double.isNaN(c.dayOverDay())
                    && !backToYesterday(fits.get(k), c) && !lumpy(c)) {
                continue;
            }
            if (i <= k || c.level() <= f.plateau() + band && !imminent(fits.get(k), c)) {
                return true;
            }
        }
        return false;
    }

    /** At the pace of the rung's newer half (or its own, if faster) the limit is less than an hour away. */
    private static boolean imminent(RungFit f, Context c) {
        return imminent(f, c.rawLevel(), c.limit());
    }

    /** At the pace of the rung's newer half (or its own, if faster) the limit is less than an hour from the level. */
    static boolean imminent(RungFit f, double level, double limit) {
        return hoursToLimit(level, limit, Math.max(f.slopePerHour(), f.newerSlopePerHour())) <= IMMINENT_HOURS;
    }

    private static boolean backToYesterday(RungFit f, Context c) {
        return !Double.isNaN(dayOverDay(f, c)) && !aboveYesterday(f, c, DAY_OVER_DAY_SHARE) && !movedBelowYesterday(f, c);
    }

    /**
     * The day-over-day rise rung {@code f} is judged by. A rung of hour-long buckets or longer compares hour means, as
     * its own buckets are: the current level, one bucket of the finest width, swings with the series within the hour
     * (a page cache by a tenth of the host), and a rising half of a daily cycle whose level happens to sit at the top
     * of that swing would pass for a rise.
     */
    private static double dayOverDay(RungFit f, Context c) {
        return bucketHours(f) >= SWING_BUCKET_HOURS && !Double.isNaN(c.hourlyDayOverDay()) ? c.hourlyDayOverDay() : c.dayOverDay();
    }

    /**
     * A rung under a day rises at about the pace the same hours rose yesterday (within a factor of
     * 1 / {@value #SAME_PACE_RATIO} either way): what it sees is the daily cycle, or a trend as old as a day, which the
     * rungs of a day and more judge (their stretches average the cycle away). The day-over-day and seen-before guards
     * alone let such a rise through for a day after the level stepped up or a cache warmed up: the level then stands
     * above yesterday's by the step, and the cycle's rising half passes for a leak. A rise well above yesterday's pace
     * is new (a leak on top of the cycle); one well below it is no repeat either (yesterday a deploy refilled the heap
     * over these hours, today a leak climbs).
     */
    private static boolean likeYesterday(RungFit f, Context c) {
        if (f.spanHours() >= DAY_SPAN_HOURS) {
            return false;
        }
        double pace = c.yesterdayPace().applyAsDouble(f.spanHours());
        return !Double.isNaN(pace) && pace >= SAME_PACE_RATIO * f.slopePerHour() && SAME_PACE_RATIO * pace <= f.slopePerHour();
    }

    /**
     * A rung under a day rises faster than the same hours did yesterday, but what it adds to yesterday's pace would
     * not bring the limit within the warning horizon by itself: the daily cycle's rising half, steepened a little (by
     * a weekly cycle, or by the tail of a cache that warmed up as the stretch began), is no new trend. A leak that began
     * within the day adds its whole pace to the cycle's; one older than a day rose yesterday too, and the rungs of a day
     * and more judge it.
     */
    private static boolean littleOverYesterday(RungFit f, Context c) {
        if (f.spanHours() >= DAY_SPAN_HOURS) {
            return false;
        }
        double pace = c.yesterdayPace().applyAsDouble(f.spanHours());
        return !Double.isNaN(pace) && pace < f.slopePerHour()
                && hoursToLimit(c.rawLevel(), c.limit(), f.slopePerHour() - Math.max(pace, 0)) > c.warningHorizonHours();
    }

    /**
     * The series left yesterday's level behind: in none of the {@value #PRIOR_HOURS} hours before the rung's stretch did
     * it come within the rung's rise of the level it had at this hour yesterday, and yesterday the same hours did not
     * rise by half as much. Then neither yesterday's level nor the past day's peak says that the rise is a cycle
     * returning: a daily cycle rose over these hours yesterday too (whatever its shape: a nightly cache that is
     * reclaimed at once never passes its levels on the way down), and a level refilling after a restart stood there
     * just before it dropped. A level that stepped down and stayed down for half a day is in a new regime, and a leak
     * that starts there would otherwise be held until it climbed back over the old level. Yesterday's pace is read
     * over the whole stretch (at most a day).
     */
    private static boolean movedBelowYesterday(RungFit f, Context c) {
        if (Double.isNaN(c.dayOverDay())) {
            return false;
        }
        double rise = f.slopePerHour() * f.spanHours();
        double prior = c.priorPeak().applyAsDouble(f.spanHours());
        double yesterday = c.yesterdayPace().applyAsDouble(f.spanHours());
        return !Double.isNaN(prior) && prior < c.level() - c.dayOverDay() - rise
                && !Double.isNaN(yesterday) && yesterday < DAY_OVER_DAY_SHARE * f.slopePerHour();
    }

    private static double bucketHours(RungFit f) {
        return f.spanHours() / TrendToLimitAnalysis.POINTS;
    }

    /**
     * Half the rise over the rung's stretch or more came in one jump from one finest bucket to the next: a level that
     * stepped up (a deploy, a configuration change), not a trend, whatever the rest of the stretch does around it (the
     * {@link RungFit#stepLike step test} sees two flat levels only once a few buckets follow the step, and a sawtooth
     * around them hides it). A leak, a cache warming up and an acute fill all climb through many buckets. The jumps
     * are kept per hour, so the stretch is rounded up to whole hours. Only a jump whose level lasted counts (a queue
     * burst that drains jumps as high; see {@code TrendState.largestLastingJump}). A leak that begins soon after a step
     * is held back on each rung until its rise there is twice the step: the price of not calling the step itself a
     * trend. The rise is the slope over the part of the stretch the series filled: on a series younger than the
     * stretch, the rest is no rise at all.
     */
    private static boolean oneJump(RungFit f, Context c) {
        double jump = c.largestJump().applyAsDouble(f.spanHours());
        return !Double.isNaN(jump) && jump >= JUMP_SHARE * f.slopePerHour() * filledHours(f);
    }

    /** The hours of the rung's stretch its buckets fill: all of them, but on a series younger than the stretch. */
    private static double filledHours(RungFit f) {
        return Math.min(f.spanHours(), f.points() * bucketHours(f));
    }

    /**
     * The level is no higher than the series already was in the day before the rung's stretch: a cycle, not a rise. For
     * a floor, "was" is a level it held, the highest of its hourly lows ({@code TrendState}): bursts that drained are no
     * cycle.
     */
    private static boolean seenBefore(RungFit f, Context c) {
        double peak = c.pastPeak().applyAsDouble(f.spanHours());
        return !Double.isNaN(peak) && c.level() <= peak && !movedBelowYesterday(f, c);
    }

    /**
     * The rise over the rung's stretch is no more than the series swings within an ordinary hour; or no more than
     * twice that and the series' floor (its lowest level over the last stretch against the stretch before) has not
     * risen by half of it: the up-stroke of a sawtooth (a page cache filled and reclaimed) rises, its floor does not.
     */
    private static boolean withinSwing(RungFit f, Context c) {
        // Until three hours have shown how much the series moves on its own, no rise can be judged against it.
        if (Double.isNaN(c.hourlySwing())) {
            return true;
        }
        // At the pace of the rung's newer half the limit is less than an hour away: an ordinary swing that ends at the
        // limit is no comfort (an acute fill, seen minutes after it started).
        if (imminent(f, c)) {
            return false;
        }
        // A rung whose buckets each span an hour or more has averaged the hourly swing away: its Mann-Kendall test
        // already weighs what is left of it against the rise (a leak of a few percent a day rises less in half a day
        // than a page cache swings in an hour, and is no less a leak).
        if (bucketHours(f) >= SWING_BUCKET_HOURS) {
            return false;
        }
        double rise = f.slopePerHour() * f.spanHours();
        if (rise <= c.hourlySwing()) {
            return true;
        }
        // With a day of history the day-over-day and seen-before guards already tell a sawtooth and a cycle from a
        // rise; before that, a rise of up to twice the swing must show in the floor too.
        if (rise > 2 * c.hourlySwing() || !Double.isNaN(c.dayOverDay())) {
            return false;
        }
        // A stretch too long to compare with the one before it within the day kept is judged on its rise alone.
        double floorRise = c.floorRise().applyAsDouble(f.spanHours());
        return floorRise < DAY_OVER_DAY_SHARE * rise;
    }

    private static boolean saturatedRecently(List<RungFit> fits, Context c) {
        if (Double.isNaN(c.saturation()) || c.rawLevel() < c.saturation() * c.limit()) {
            return false;
        }
        for (RungFit f : fits) {
            if (f != null && f.spanHours() <= SATURATION_LOOKBACK_HOURS && f.oldest() < c.saturation() * c.limit()) {
                return true;
            }
        }
        return false;
    }

    /** Hours from the level to the limit at the slope: 0 when already there, infinite when not rising. */
    static double hoursToLimit(double level, double limit, double slopePerHour) {
        if (level >= limit) {
            return 0;
        }
        return slopePerHour > 0 ? (limit - level) / slopePerHour : Double.POSITIVE_INFINITY;
    }
}
