package io.slowburn.demo;

import io.slowburn.alerts.AlertRecord;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The four stories the demo scenario tells, recognised in the alerts and control commands as they arrive.
 */
final class DemoStories {

    /** A story the demo must show. */
    enum Story {
        HEAP_LEAK("a slow heap leak caught as suspicious, with its time to exhaustion"),
        SANCTIONED_KILLS("a declared, signed kill experiment recognised as sanctioned"),
        BREACH("an experiment whose effects spread past its blast radius: a breach, and an abort command"),
        FORK_BOMB("an undeclared fork bomb running an unknown binary: critical, suspicious");

        final String description;

        Story(String description) {
            this.description = description;
        }
    }

    private final Map<Story, String> seen = new LinkedHashMap<>();
    private boolean breachAlert;
    private String abortedExperiment;

    /** Notes an alert; returns the line of the story it completes, if any. */
    synchronized Optional<String> alert(AlertRecord a) {
        if (!"firing".equals(a.status())) {
            return Optional.empty();
        }
        if ("memory_drift".equals(a.signal()) && "suspicious".equals(a.verdict()) && a.evidence().has("time_to_limit_s")) {
            double hours = a.evidence().get("time_to_limit_s").asDouble() / 3600;
            return complete(Story.HEAP_LEAK, String.format(Locale.ROOT, "heap leak on %s caught as suspicious: limit reached in "
                    + "about %.1f h at the pessimistic rate", a.source(), hours));
        }
        if ("crash_loop".equals(a.signal()) && "sanctioned".equals(a.verdict())) {
            return complete(Story.SANCTIONED_KILLS, "kill storm on " + a.source() + " sanctioned by signed experiment "
                    + a.experiment());
        }
        if ("breach".equals(a.verdict())) {
            breachAlert = true;
            return breachComplete();
        }
        if ("critical".equals(a.severity()) && "suspicious".equals(a.verdict())
                && ("unexpected_exec".equals(a.signal()) || "process_churn".equals(a.signal()))) {
            String exe = a.evidence().has("exe") ? " (" + a.evidence().get("exe").asText() + ")" : "";
            return complete(Story.FORK_BOMB, a.signal() + " on " + a.source() + exe + ": no experiment covers it");
        }
        return Optional.empty();
    }

    /** Notes an abort command on the control topic. */
    synchronized Optional<String> abort(String experiment) {
        abortedExperiment = experiment;
        return breachComplete();
    }

    private Optional<String> breachComplete() {
        if (breachAlert && abortedExperiment != null) {
            return complete(Story.BREACH, "blast radius of " + abortedExperiment + " exceeded: breach alerted, abort command sent");
        }
        return Optional.empty();
    }

    private Optional<String> complete(Story story, String line) {
        if (seen.containsKey(story)) {
            return Optional.empty();
        }
        seen.put(story, line);
        return Optional.of(line);
    }

    synchronized boolean all() {
        return seen.size() == Story.values().length;
    }

    synchronized Map<Story, String> seen() {
        return new LinkedHashMap<>(seen);
    }
}
