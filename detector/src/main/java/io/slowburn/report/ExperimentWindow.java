package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An experiment's declared window and scope, as the timeline shades it. Read leniently from a declaration (the
 * report shows what was declared; whether it was authentic is the audit's word, in {@link #authentic}).
 *
 * @param authentic {@code true}/{@code false} from the audit's {@code declaration_accepted} / {@code declaration_unverified},
 *     {@code null} when unknown
 */
public record ExperimentWindow(String id, String title, long start, long end, List<String> sources,
                               Map<String, String> labels, List<String> faults, Boolean authentic) {

    /** Bounds on what one declaration may put into the page. */
    private static final int MAX_ITEMS = 64;

    /** From a declaration's JSON; {@code null} when it has no id or no window. */
    public static ExperimentWindow of(JsonNode n) {
        if (n == null || !n.path("id").isTextual() || !n.path("start").canConvertToLong() || !n.path("end").canConvertToLong()) {
            return null;
        }
        long start = n.get("start").asLong();
        long end = n.get("end").asLong();
        if (end < start) {
            return null;
        }
        JsonNode scope = n.path("scope");
        List<String> sources = new ArrayList<>();
        for (JsonNode s : scope.path("sources")) {
            if (sources.size() < MAX_ITEMS) {
                sources.add(s.asText());
            }
        }
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : scope.path("labels").properties()) {
            if (labels.size() < MAX_ITEMS) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        List<String> faults = new ArrayList<>();
        for (JsonNode f : n.path("faults")) {
            if (faults.size() < MAX_ITEMS) {
                faults.add(f.asText());
            }
        }
        return new ExperimentWindow(n.get("id").asText(), n.path("title").asText(""), start, end, List.copyOf(sources),
                Map.copyOf(labels), List.copyOf(faults), null);
    }

    public ExperimentWindow withAuthentic(Boolean value) {
        return new ExperimentWindow(id, title, start, end, sources, labels, faults, value);
    }

    /** The scope in words: {@code sources web-4; labels service=checkout}. */
    public String scopeText() {
        List<String> parts = new ArrayList<>();
        if (!sources.isEmpty()) {
            parts.add("sources " + String.join(", ", sources));
        }
        if (!labels.isEmpty()) {
            StringBuilder sb = new StringBuilder("labels ");
            labels.forEach((k, v) -> sb.append(sb.length() > 7 ? ", " : "").append(k).append('=').append(v));
            parts.add(sb.toString());
        }
        return parts.isEmpty() ? "no scope" : String.join("; ", parts);
    }
}
