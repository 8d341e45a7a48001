package io.slowburn.bench.detection;

import java.util.ArrayList;
import java.util.List;

/** One incident kind over all seeds, for one detector: how many were caught, and their delays. */
final class KindStats {

    private int total;
    private final List<Long> delays = new ArrayList<>();

    void add(Scorer.Outcome o) {
        total++;
        if (o.caught()) {
            delays.add(o.delayMs());
        }
    }

    int total() {
        return total;
    }

    int caught() {
        return delays.size();
    }

    double meanDelayMs() {
        return delays.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    double worstDelayMs() {
        return delays.stream().mapToLong(Long::longValue).max().stream().mapToDouble(v -> v).findFirst().orElse(Double.NaN);
    }
}
