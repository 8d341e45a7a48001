package io.slowburn.ingest.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a scenario's truth ({@code --truth FILE}, JSON Lines): an incident a detector should catch, a benign
 * confounder it must stay quiet on, or an experiment declaration as the scenario published it. Times are event times
 * (epoch ms). Scorers read it; the detector never does.
 *
 * @param type {@code incident}, {@code confounder} or {@code experiment}
 * @param verdict what the incident deserves ({@code suspicious}, {@code sanctioned}, {@code breach}), {@code benign}
 *                for a confounder, {@code null} for a declaration
 * @param sources the hosts it affects (for a declaration: its scope)
 * @param start first instant of the effect (for a declaration: its window's start)
 * @param end end of the effect, exclusive (for a declaration: its window's end)
 * @param signals the signals that count as catching an incident; for a confounder, those it tempts a detector to raise
 * @param experiment the experiment it belongs to, or {@code null}
 * @param authenticity for a declaration: {@code signed}, {@code unsigned} or {@code tampered}; otherwise {@code null}
 */
public record TruthEntry(String type, String id, String kind, String verdict, List<String> sources, long start, long end,
                         List<String> signals, String experiment, String authenticity) {

    public static final String INCIDENT = "incident";
    public static final String CONFOUNDER = "confounder";
    public static final String EXPERIMENT = "experiment";

    public TruthEntry {
        sources = List.copyOf(sources);
        signals = List.copyOf(signals);
    }

    /** One JSON object, fields in a fixed order, {@code null}s left out. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", type);
        o.put("id", id);
        o.put("kind", kind);
        if (verdict != null) {
            o.put("verdict", verdict);
        }
        ArrayNode src = o.putArray("sources");
        sources.forEach(src::add);
        o.put("start", start);
        o.put("end", end);
        ArrayNode sig = o.putArray("signals");
        signals.forEach(sig::add);
        if (experiment != null) {
            o.put("experiment", experiment);
        }
        if (authenticity != null) {
            o.put("authenticity", authenticity);
        }
        return o;
    }

    /** Reads what {@link #toJson} wrote. */
    public static TruthEntry fromJson(JsonNode n) {
        return new TruthEntry(n.path("type").asText(), n.path("id").asText(), n.path("kind").asText(), text(n, "verdict"),
                texts(n.path("sources")), n.path("start").asLong(), n.path("end").asLong(), texts(n.path("signals")),
                text(n, "experiment"), text(n, "authenticity"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
