package io.slowburn.ingest.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Places acute incidents in time on a fleet so that no two share a host at once, with a guard around each: an alert
 * matches an incident from 5 minutes before its start to 60 minutes after its end, so an incident's alerts must not
 * fall into its neighbour's window. Times in minutes after the scenario start.
 */
final class SuiteSlots {

    /** Before an incident, after its end: the matching window (5 min, 60 min) plus room for late alerts. */
    static final long GUARD_BEFORE_MIN = 90;
    static final long GUARD_AFTER_MIN = 150;

    private final SplittableRandom rng;
    private final Map<String, List<long[]>> busy = new HashMap<>();

    SuiteSlots(SplittableRandom rng) {
        this.rng = rng;
    }

    /** Marks {@code host} busy over {@code [from, to)}. */
    void take(String host, long from, long to) {
        busy.computeIfAbsent(host, h -> new ArrayList<>()).add(new long[] {from, to});
    }

    /**
     * A start time for {@code count} hosts of {@code candidates} (or, when they are full, of {@code fallback}) free for
     * {@code spanMin} in {@code [earliest, latest]}; the hosts are marked busy. Returns the start; {@code hosts} receives
     * the chosen hosts.
     */
    long place(int count, long spanMin, long earliest, long latest, List<String> candidates, List<String> fallback,
               List<String> hosts) {
        return place(count, spanMin, earliest, latest, candidates, fallback, hosts, start -> true);
    }

    /** As {@link #place(int, long, long, long, List, List, List)}, at a start that {@code startAllowed} also accepts. */
    long place(int count, long spanMin, long earliest, long latest, List<String> candidates, List<String> fallback,
               List<String> hosts, LongPredicate startAllowed) {
        for (List<String> pool : List.of(candidates, fallback)) {
            for (int attempt = 0; attempt < 400 && pool.size() >= count; attempt++) {
                List<String> shuffled = new ArrayList<>(pool);
                for (int i = shuffled.size() - 1; i > 0; i--) {
                    java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
                }
                List<String> chosen = shuffled.subList(0, count);
                long start = earliest + (latest > earliest ? rng.nextLong(latest - earliest) : 0);
                if (startAllowed.test(start)
                        && chosen.stream().allMatch(h -> free(h, start - GUARD_BEFORE_MIN, start + spanMin + GUARD_AFTER_MIN))) {
                    chosen.forEach(h -> take(h, start, start + spanMin));
                    hosts.addAll(chosen);
                    return start;
                }
            }
        }
        throw new IllegalStateException("no room for " + count + " host(s) for " + spanMin + " min between +" + earliest + "m and +"
                + latest + "m");
    }

    private boolean free(String host, long from, long to) {
        return busy.getOrDefault(host, List.of()).stream().noneMatch(b -> b[0] < to && from < b[1]);
    }
}
