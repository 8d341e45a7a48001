package io.slowburn.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bounds every analysis parameter obeys, in one place, so that no rule can make the detector slow or large: a
 * rule is code anyone with write access to the rules directory or topic can run on every sample. Both
 * {@link Parameters} implementations apply them as they read a duration, before any analysis sees it:
 * <ul>
 *   <li>every duration at most {@link #MAX_DURATION} (30d): the longest span any analysis keeps;</li>
 *   <li>a {@code bucket} at least {@link #MIN_BUCKET} (1s): one bucket closes per second of event time at most;</li>
 *   <li>state per series at most {@link #MAX_BUCKETS_PER_SERIES} buckets: each span an analysis keeps in buckets
 *       ({@link #SPANS}: window, baseline, reference, recent, lateness) divided by its {@code bucket}.</li>
 * </ul>
 * Analyses add their own, tighter checks on top.
 */
public final class ParameterBounds {

    public static final Duration MAX_DURATION = Duration.ofDays(30);
    public static final Duration MIN_BUCKET = Duration.ofSeconds(1);
    /** A week of one-minute buckets: the largest state the shipped analyses allow themselves (rank_shift). */
    public static final long MAX_BUCKETS_PER_SERIES = 10_080;
    /** Parameters whose span is kept in buckets of {@code bucket}: their ratio to it sizes a series' state. */
    public static final Set<String> SPANS = Set.of("window", "baseline", "reference", "recent", "lateness");
    public static final String BUCKET = "bucket";

    private ParameterBounds() {
    }

    /** Why the duration read for {@code key} is out of bounds, or {@code null} when it is within them. */
    public static String check(String key, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            return "must be at most '" + Durations.format(MAX_DURATION) + "', got '" + Durations.format(d) + "'";
        }
        if (BUCKET.equals(key) && d.compareTo(MIN_BUCKET) < 0 && !d.isNegative() && !d.isZero()) {
            return "must be at least '" + Durations.format(MIN_BUCKET) + "', got '" + Durations.format(d) + "'";
        }
        return null;
    }

    /** One span over the state bound: the parameter and why. */
    public record Excess(String key, String message) {
    }

    /**
     * The spans that would keep more than {@link #MAX_BUCKETS_PER_SERIES} buckets per series, given the durations an
     * analysis read (defaults included) by parameter name. Empty when there is no {@code bucket}.
     */
    public static List<Excess> stateSize(Map<String, Duration> read) {
        Duration bucket = read.get(BUCKET);
        List<Excess> out = new ArrayList<>();
        if (bucket == null || bucket.isNegative() || bucket.isZero()) {
            return out;
        }
        long bucketMs = bucket.toMillis();
        for (Map.Entry<String, Duration> e : read.entrySet()) {
            if (!SPANS.contains(e.getKey())) {
                continue;
            }
            long buckets = -Math.floorDiv(-e.getValue().toMillis(), bucketMs);
            if (buckets > MAX_BUCKETS_PER_SERIES) {
                out.add(new Excess(e.getKey(), String.format(java.util.Locale.ROOT,
                        "'%s' is %,d buckets of '%s' per series, more than the bound of %,d: widen the bucket or shorten "
                                + "the span", Durations.format(e.getValue()), buckets, Durations.format(bucket),
                        MAX_BUCKETS_PER_SERIES)));
            }
        }
        out.sort(java.util.Comparator.comparing(Excess::key));
        return out;
    }
}
