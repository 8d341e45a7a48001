package io.slowburn.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fields of a contract alert that scoring reads, from slowburn's output or the baseline's. */
public record Alert(String id, long ts, String status, String verdict, String signal, String source, String experiment,
                    String rule, List<String> containment) {

    public Alert {
        containment = List.copyOf(containment);
    }

    public boolean firing() {
        return "firing".equals(status);
    }

    public boolean containsAbort() {
        return containment.contains("abort_experiment");
    }

    /** One line for reports: time, verdict, signal, source, rule, experiment. */
    public String describe(long origin) {
        return String.format(Locale.ROOT, "%s %s %s on %s (%s%s)", Hours.offset(ts - origin), verdict, signal, source, rule,
                experiment == null ? "" : ", experiment " + experiment);
    }

    public static Alert fromJson(JsonNode n) {
        List<String> containment = new ArrayList<>();
        n.path("containment").forEach(c -> containment.add(c.asText()));
        JsonNode exp = n.get("experiment");
        return new Alert(n.path("id").asText(), n.path("ts").asLong(), n.path("status").asText(), n.path("verdict").asText(),
                n.path("signal").asText(), n.path("source").asText(), exp == null || exp.isNull() ? null : exp.asText(),
                n.path("rule").asText(), containment);
    }

    public ObjectNode toJson(ObjectMapper m) {
        ObjectNode o = m.createObjectNode();
        o.put("id", id);
        o.put("ts", ts);
        o.put("status", status);
        o.put("verdict", verdict);
        o.put("signal", signal);
        o.put("source", source);
        if (experiment == null) {
            o.putNull("experiment");
        } else {
            o.put("experiment", experiment);
        }
        o.put("rule", rule);
        containment.forEach(o.putArray("containment")::add);
        return o;
    }

    /** Reads a JSON Lines file of alerts. */
    public static List<Alert> read(Path file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<Alert> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(fromJson(m.readTree(line)));
                }
            }
        }
        return out;
    }
}
