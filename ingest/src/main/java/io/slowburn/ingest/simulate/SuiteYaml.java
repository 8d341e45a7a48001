package io.slowburn.ingest.simulate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the entries of a generated scenario file (format: {@code ingest/SCENARIOS.md}), times as minutes after the
 * scenario start. Generating the text and loading it with {@link ScenarioLoader} keeps one path from file to records:
 * what a generated scenario does is what the same file would do, and the file can be saved, read and edited.
 */
final class SuiteYaml {

    private final StringBuilder incidents = new StringBuilder();
    private final StringBuilder experiments = new StringBuilder();

    /**
     * One incident. {@code durationMin} 0 lasts until the end of the scenario.
     *
     * @param params parameter name to its YAML text, in order
     */
    void incident(String kind, List<String> hosts, long atMin, long durationMin, Map<String, String> params, IncidentLabel label) {
        StringBuilder b = incidents;
        b.append("  - kind: ").append(kind).append('\n');
        b.append("    hosts: ").append(list(hosts)).append('\n');
        b.append("    at: +").append(atMin).append("m\n");
        if (durationMin > 0) {
            b.append("    duration: ").append(durationMin).append("m\n");
        }
        params.forEach((k, v) -> b.append("    ").append(k).append(": ").append(v).append('\n'));
        b.append("    label: {id: ").append(label.id()).append(", kind: ").append(label.kind()).append(", verdict: ")
                .append(label.verdict()).append(", signals: ").append(list(label.signals()));
        if (label.experiment() != null) {
            b.append(", experiment: ").append(label.experiment());
        }
        b.append("}\n");
    }

    /**
     * One declaration with a blast radius of one source.
     *
     * @param forgery {@code null} (signed), {@code unsigned}, or a host: signed for that host, then re-scoped
     */
    void experiment(String id, String title, List<String> scope, String fault, long startMin, long endMin, String forgery) {
        List<String> signedScope = forgery == null || "unsigned".equals(forgery) ? scope : List.of(forgery);
        StringBuilder b = experiments;
        b.append("  - id: ").append(id).append('\n');
        b.append("    title: \"").append(title).append("\"\n");
        b.append("    declared_at: +").append(Math.max(0, startMin - 30)).append("m\n");
        b.append("    scope: {sources: ").append(list(signedScope)).append("}\n");
        b.append("    faults: [").append(fault).append("]\n");
        b.append("    window: {start: +").append(startMin).append("m, end: +").append(endMin).append("m}\n");
        b.append("    blast_radius: {max_sources: 1}\n");
        if ("unsigned".equals(forgery)) {
            b.append("    unsigned: true\n");
        } else if (forgery != null) {
            b.append("    tamper: {scope: {sources: ").append(list(scope)).append("}}\n");
        }
    }

    /** The whole file. */
    String text(String name, String description, long durationMin, long seed, List<String> hosts, String baseline) {
        return "name: " + name + "\n"
                + "description: \"" + description + "\"\n"
                + "duration: " + durationMin + "m\n"
                + "step: 60s\n"
                + "seed: " + seed + "\n"
                + "hosts: " + list(hosts) + "\n"
                + "baseline: " + baseline + "\n"
                + "incidents:\n" + incidents
                + (experiments.isEmpty() ? "" : "experiments:\n" + experiments);
    }

    static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String whole(double v) {
        return Long.toString(Math.round(v));
    }
}
