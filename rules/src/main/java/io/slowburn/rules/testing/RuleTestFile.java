package io.slowburn.rules.testing;

import io.slowburn.rules.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule unit test file, parsed and validated (see {@code rules/TUNING.md}). Times are epoch milliseconds.
 *
 * @param ruleFiles rule files or directories, resolved against the test file's directory, layered (as one layer) on
 *        the default pack when {@code defaultPack}
 * @param environment the rules' {@code environments:} section to apply, or {@code null}
 * @param config detector settings for every test of the file (e.g. {@code correlation.window.ms})
 */
public record RuleTestFile(String file, List<Path> ruleFiles, boolean defaultPack, String environment, Map<String, String> config,
                           List<TestCase> tests) {

    public RuleTestFile {
        ruleFiles = List.copyOf(ruleFiles);
        config = Map.copyOf(config);
        tests = List.copyOf(tests);
    }

    /** One test: input from {@code start} on, and the alerts expected at evaluation times. */
    public record TestCase(String name, Location location, long start, long intervalMs, List<InputSeries> series,
                           List<InputEvent> events, List<InputExperiment> experiments, Set<String> untrustedKeys,
                           List<AlertCheck> checks) {
        public TestCase {
            series = List.copyOf(series);
            events = List.copyOf(events);
            experiments = List.copyOf(experiments);
            untrustedKeys = Set.copyOf(untrustedKeys);
            checks = List.copyOf(checks);
        }

        /** When the input ends: its last sample, event or declaration. */
        public long end() {
            long end = start;
            for (InputSeries s : series) {
                end = Math.max(end, start + (s.values().size() - 1L) * intervalMs);
            }
            for (InputEvent e : events) {
                end = Math.max(end, e.ts());
            }
            for (InputExperiment x : experiments) {
                end = Math.max(end, x.ts());
            }
            return end;
        }
    }

    /** A series: one sample per interval from the test's start, {@code null} values being gaps. */
    public record InputSeries(String metric, String source, Map<String, String> labels, String type, Double limit, String unit,
                              List<Double> values, Location location) {
        public InputSeries {
            labels = Map.copyOf(labels);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }

    /** A discrete event at {@code ts}. */
    public record InputEvent(long ts, String source, String event, Map<String, Object> attrs, Location location) {
    }

    /**
     * An experiment declaration published at {@code ts}; signed at test time by a key named {@code signedBy} (trusted
     * unless the test lists it in {@code untrusted_keys}), unsigned when {@code signedBy} is null.
     */
    public record InputExperiment(long ts, String signedBy, Map<String, Object> declaration, Location location) {
    }

    /** The alerts expected at {@code evalTime}. */
    public record AlertCheck(long evalTime, String evalTimeText, List<ExpectedAlert> alerts, Location location) {
        public AlertCheck {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * An expected alert: the fields given must equal the actual alert's ({@code labels}: the labels given must be
     * present with these values). Fields: signal, verdict, severity, source, rule, status, experiment, labels.
     */
    public record ExpectedAlert(Map<String, Object> fields, Location location) {
        public ExpectedAlert {
            fields = Map.copyOf(fields);
        }
    }
}
