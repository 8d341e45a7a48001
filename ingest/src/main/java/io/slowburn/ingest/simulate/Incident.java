package io.slowburn.ingest.simulate;

import java.util.List;
import java.util.Map;

/**
 * One injected incident: what, on which hosts, from {@code start} to {@code end} (event time, epoch ms), with its
 * parameters already parsed (numbers as {@code Double}, durations as milliseconds in a {@code Long}, text as text).
 *
 * @param label what the scenario says the incident is (its truth), or {@code null}: derived from the kind
 */
public record Incident(IncidentKind kind, List<String> hosts, long start, long end, Map<String, Object> params,
                       IncidentLabel label) {

    public Incident {
        hosts = List.copyOf(hosts);
        params = Map.copyOf(params);
    }

    public Incident(IncidentKind kind, List<String> hosts, long start, long end, Map<String, Object> params) {
        this(kind, hosts, start, end, params, null);
    }

    public boolean activeAt(long ts) {
        return ts >= start && ts < end;
    }

    public boolean affects(String host) {
        return hosts.contains(host);
    }

    /** Position of {@code host} in the incident's host list (for staggered effects). */
    public int order(String host) {
        return hosts.indexOf(host);
    }

    public double number(String name) {
        return ((Number) params.get(name)).doubleValue();
    }

    public long millis(String name) {
        return ((Number) params.get(name)).longValue();
    }

    public String text(String name) {
        return String.valueOf(params.get(name));
    }
}
