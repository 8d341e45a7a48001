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
        try {
            JsonNode n = codec.readTree(line);
            record(n, codec.streamOf(n, null));
        } catch (InvalidRecordException e) {
            invalid++;
        }
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
        boolean inRange = false;
        for (PanelData d : candidates) {
            inRange |= ts >= d.plan.from() && ts <= d.plan.to();
        }
        if (!inRange) {
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
