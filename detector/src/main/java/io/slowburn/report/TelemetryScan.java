package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.Event;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.MetricSample;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Stream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over the telemetry for every panel at once: a record is parsed fully (and validated by the contract's
 * codec) only when its source is one an incident names and its time falls in that incident's range; everything else
 * costs one JSON parse and is forgotten. Experiment declarations met on the way go to the incident log. Memory is
 * bounded by the panels' bounds, whatever the input's size.
 */
public final class TelemetryScan {

    /** Distinct sources counted for the fleet's size; beyond, the count says "at least". */
    static final int MAX_COUNTED_SOURCES = 100_000;

    private final RecordCodec codec;
    private final IncidentLog log;
    private final List<PanelData> panels = new ArrayList<>();
    private final Map<String, List<PanelData>> bySource = new HashMap<>();
    private final Set<String> sources = new HashSet<>();
    private long records;
    private long invalid;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public TelemetryScan(RecordCodec codec, IncidentLog log, List<PanelPlan> plans) {
        this.codec = codec;
        this.log = log;
        for (PanelPlan p : plans) {
            PanelData d = new PanelData(p);
            panels.add(d);
            for (String s : p.incident().sources()) {
                bySource.computeIfAbsent(s, k -> new ArrayList<>()).add(d);
            }
        }
    }

    /** One JSON Lines line of a telemetry file; an unreadable line is counted and skipped. */
    public void line(String line) {
        if (line.isBlank()) {
            return;
        }
        // Most lines are of sources no incident names: when the line says so plainly (its one "source" key, no
        // declaration), it is counted without being parsed. Anything less plain is parsed.
        String source = unique(line, SOURCE_KEY, true);
        if (source != null && !line.contains("\"experiment\"")) {
            long ts = plainTs(line);
            List<PanelData> candidates = bySource.get(source);
            if (candidates == null || ts != Long.MIN_VALUE && !inRange(candidates, ts) || !named(candidates, line)) {
                records++;
                if (sources.size() < MAX_COUNTED_SOURCES) {
                    sources.add(source);
                }
                if (ts != Long.MIN_VALUE) {
                    minTs = Math.min(minTs, ts);
                    maxTs = Math.max(maxTs, ts);
                }
                return;
            }
        }
        try {
            JsonNode n = codec.readTree(line);
            record(n, codec.streamOf(n, null));
        } catch (InvalidRecordException e) {
            invalid++;
        }
    }

    private static final String SOURCE_KEY = "\"source\":\"";
    private static final String TS_KEY = "\"ts\":";
    private static final String METRIC_KEY = "\"metric\":\"";
    private static final String EVENT_KEY = "\"event\":\"";

    /**
     * The value after {@code key} when the key occurs exactly once in the line (a second one, as a label or attribute
     * name, makes it ambiguous): up to the closing quote for a string (null when it holds an escape), up to the next
     * {@code ,} or {@code }} for a number.
     */
    static String unique(String line, String key, boolean string) {
        int at = line.indexOf(key);
        if (at < 0 || line.indexOf(key, at + 1) >= 0) {
            return null;
        }
        int from = at + key.length();
        int end = string ? line.indexOf('"', from) : indexOfAny(line, from);
        if (end < 0) {
            return null;
        }
        String v = line.substring(from, end).trim();
        return string && v.indexOf('\\') >= 0 ? null : v;
    }

    /** False only when the line plainly names a metric or event kind that none of the panels reads. */
    private static boolean named(List<PanelData> candidates, String line) {
        String metric = unique(line, METRIC_KEY, true);
        String event = metric == null ? unique(line, EVENT_KEY, true) : null;
        if (metric == null && event == null) {
            return true;
        }
        for (PanelData d : candidates) {
            if (metric != null ? d.plan.metrics().contains(metric) : d.plan.events().contains(event)) {
                return true;
            }
        }
        return false;
    }

    /** The line's event time when written plainly as epoch milliseconds, else {@link Long#MIN_VALUE}. */
    private static long plainTs(String line) {
        String ts = unique(line, TS_KEY, false);
        if (ts == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static boolean inRange(List<PanelData> candidates, long ts) {
        for (PanelData d : candidates) {
            if (ts >= d.plan.from() && ts <= d.plan.to()) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfAny(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ',' || c == '}') {
                return i;
            }
        }
        return -1;
    }

    /** One parsed record of the given stream (a topic's records carry no {@code stream} field). */
    public void record(JsonNode n, Stream stream) {
        records++;
        if (stream == Stream.EXPERIMENT) {
            log.experiment(n);
            return;
        }
        long ts = n.path("ts").asLong(Long.MIN_VALUE);
        if (ts != Long.MIN_VALUE) {
            minTs = Math.min(minTs, ts);
            maxTs = Math.max(maxTs, ts);
        }
        String source = n.path("source").asText("");
        if (sources.size() < MAX_COUNTED_SOURCES) {
            sources.add(source);
        }
        List<PanelData> candidates = bySource.get(source);
        if (candidates == null) {
            return;
        }
        if (!inRange(candidates, ts)) {
            return;
        }
        try {
            if (stream == Stream.METRIC) {
                MetricSample s = codec.toMetric(n);
                for (PanelData d : candidates) {
                    if (d.plan.wants(s)) {
                        d.add(s);
                    }
                }
            } else if (stream == Stream.EVENT) {
                Event e = codec.toEvent(n);
                for (PanelData d : candidates) {
                    if (d.plan.wants(e)) {
                        d.add(e);
                    }
                }
            }
        } catch (InvalidRecordException e) {
            invalid++;
        }
    }

    List<PanelData> panels() {
        return panels;
    }

    public long records() {
        return records;
    }

    public long invalid() {
        return invalid;
    }

    /** Distinct sources seen (capped at {@value #MAX_COUNTED_SOURCES}). */
    public int sources() {
        return sources.size();
    }

    /** The event-time range of the telemetry, or {@code null} when there was none. */
    public long[] range() {
        return minTs > maxTs ? null : new long[] {minTs, maxTs};
    }

    /** Raw points kept for drawing, before downsampling (a measure of what was read). */
    public long pointsRead() {
        long n = 0;
        for (PanelData d : panels) {
            n += d.points();
        }
        return n;
    }
}
