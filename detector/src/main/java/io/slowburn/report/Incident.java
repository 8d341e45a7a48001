package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One alert as the report shows it: its firing record (the evidence the rule fired with), its resolution if any, the
 * sources of a grouped incident, the series keys the audit names, and the verdict's decision with every check.
 *
 * @param since event time at which the condition began ({@code evidence.since}, else the firing time)
 * @param resolved event time of the resolution, or {@code null} while firing
 * @param sources the alert's source first, then the members that joined it (a correlated incident)
 * @param keys the rule's state keys from the audit's findings (series ids for per-series rules); empty without audit
 * @param decision the audit's decision ({@code explanation}, {@code checks}, {@code candidate}); {@code null} without audit
 */
public record Incident(String id, String rule, String signal, String verdict, String severity, String source,
                       Map<String, String> labels, String experiment, long since, long fired, Long resolved,
                       JsonNode evidence, String summary, List<String> containment, Set<String> sources, Set<String> keys,
                       JsonNode decision) {

    /** The experiment the audit's checks are about: the sanctioning or breached one, else the closest candidate. */
    public String candidate() {
        if (experiment != null) {
            return experiment;
        }
        if (decision != null && decision.hasNonNull("candidate")) {
            return decision.get("candidate").asText();
        }
        return null;
    }

    /** A number from the firing evidence, or NaN. */
    public double number(String field) {
        JsonNode v = evidence == null ? null : evidence.get(field);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** The series or source name as shown: {@code source{k=v,...}}. */
    public String subject() {
        if (labels.isEmpty()) {
            return source;
        }
        StringBuilder sb = new StringBuilder(source).append('{');
        new TreeMap<>(labels).forEach((k, v) ->
                sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
        return sb.append('}').toString();
    }
}
