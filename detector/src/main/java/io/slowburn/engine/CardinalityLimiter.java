package io.slowburn.engine;

import io.slowburn.alerting.AlertIds;
import io.slowburn.model.AlertStatus;
import io.slowburn.model.Containment;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.SeriesId;
import io.slowburn.model.Severity;
import io.slowburn.model.Signal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds how many series one source may have tracked (per task): a flood of new series (a cardinality attack or
 * a label bug) is dropped and reported once, never an OOM. The index keeps, per series, when it was last seen, and
 * per source, how many series it has and whether the flood was reported.
 */
public final class CardinalityLimiter {

    public static final String RULE = "series-limit";

    public enum Admission {
        KNOWN,
        ADMITTED,
        REJECTED,
        /** Rejected, and the first rejection for this source since it was last under its limit. */
        REJECTED_FIRST
    }

    private static final long REFRESH_MS = 3_600_000L;

    private final KeyValueState index;
    private final int limit;

    public CardinalityLimiter(KeyValueState index, int limit) {
        this.index = index;
        this.limit = limit;
    }

    public Admission admit(String source, String series, long ts) {
        String seriesKey = "s|" + series;
        byte[] seen = index.get(seriesKey);
        if (seen != null) {
            // Last-seen only feeds the idle sweep (days): refresh it hourly, not on every sample.
            if (ByteBuffer.wrap(seen).getLong() + REFRESH_MS < ts) {
                index.put(seriesKey, ByteBuffer.allocate(8).putLong(ts).array());
            }
            return Admission.KNOWN;
        }
        String countKey = "c|" + source;
        byte[] c = index.get(countKey);
        int count = c == null ? 0 : ByteBuffer.wrap(c).getInt();
        boolean reported = c != null && c[4] == 1;
        if (count >= limit) {
            if (!reported) {
                index.put(countKey, ByteBuffer.allocate(5).putInt(count).put((byte) 1).array());
                return Admission.REJECTED_FIRST;
            }
            return Admission.REJECTED;
        }
        index.put(countKey, ByteBuffer.allocate(5).putInt(count + 1).put((byte) 0).array());
        index.put(seriesKey, ByteBuffer.allocate(8).putLong(ts).array());
        return Admission.ADMITTED;
    }

    /**
     * Up to which event time {@link #admit} would answer {@link Admission#KNOWN} for {@code series} without a write: its
     * last-seen time plus the refresh interval ({@link Long#MIN_VALUE} for a series not in the index). Until then, as
     * long as no {@link #sweep} ran, a caller may skip {@code admit} for it.
     */
    public long quietUntil(String series) {
        byte[] seen = index.get("s|" + series);
        return seen == null ? Long.MIN_VALUE : ByteBuffer.wrap(seen).getLong() + REFRESH_MS;
    }

    /** The finding that reports a source over its series limit. */
    public FindingTransition finding(MetricSample sample) {
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("series_limit", limit);
        evidence.put("rejected_series", sample.seriesId());
        Finding f = new Finding(RULE, Signal.ANOMALY, Severity.WARNING, sample.source(), Map.of(), sample.source(), sample.ts(),
                sample.ts(), evidence, List.of(Containment.RATE_LIMIT_INGRESS),
                "source " + sample.source() + " exceeded " + limit + " series; new series are dropped (cardinality limit)");
        return new FindingTransition(AlertIds.of(RULE, sample.source(), sample.ts()), AlertStatus.FIRING, false, f);
    }

    /** Forgets series not seen since {@code cutoff}, freeing room under their source's limit. */
    public void sweep(long cutoff) {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, byte[]> kv : index.prefix("s|")) {
            if (ByteBuffer.wrap(kv.getValue()).getLong() < cutoff) {
                stale.add(kv.getKey());
            }
        }
        Map<String, Integer> freed = new HashMap<>();
        for (String k : stale) {
            index.delete(k);
            String series = k.substring(2);
            freed.merge(SeriesId.sourceOf(series), 1, Integer::sum); // the source unescaped, as admit() counted it
        }
        freed.forEach((source, n) -> {
            byte[] c = index.get("c|" + source);
            if (c != null) {
                int left = Math.max(0, ByteBuffer.wrap(c).getInt() - n);
                index.put("c|" + source, ByteBuffer.allocate(5).putInt(left).put((byte) 0).array());
            }
        });
    }
}
