package io.slowburn.rules.testing;

import io.slowburn.analysis.Durations;
import io.slowburn.rules.yaml.YamlNodes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The times of a rule test: a duration after the test's start ({@code 90m}), an ISO-8601 instant, or epoch
 * milliseconds; each reported where it is written when it is none of them.
 */
final class TestTimes {

    private final TestYaml yaml;

    TestTimes(TestYaml yaml) {
        this.yaml = yaml;
    }

    /** A time written as an offset after {@code start}, an instant or epoch milliseconds; {@code null} when reported. */
    Long offset(Node n, long start) {
        String t = YamlNodes.scalarText(n);
        if (t != null && looksLikeDuration(t)) {
            Duration d = duration(n, "time");
            return d == null ? null : start + d.toMillis();
        }
        return instant(n);
    }

    /** A duration, or {@code null} with {@code 'WHAT': ...} reported. */
    Duration duration(Node n, String what) {
        try {
            return YamlNodes.duration(n);
        } catch (IllegalArgumentException e) {
            yaml.problem(n, "'" + what + "': " + e.getMessage(), null);
            return null;
        }
    }

    /** An ISO-8601 instant or epoch milliseconds (ten digits or more), or {@code null} when reported. */
    Long instant(Node n) {
        String t = YamlNodes.scalarText(n);
        if (t != null && t.matches("\\d{10,}")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(String.valueOf(t)).toEpochMilli();
        } catch (DateTimeParseException e) {
            yaml.problem(n, "expected a duration after the test's start (90m), an ISO-8601 instant or epoch milliseconds, got "
                + YamlNodes.kind(n), null);
            return null;
        }
    }

    static boolean looksLikeDuration(String t) {
        if ("0".equals(t.trim())) {
            return true;
        }
        try {
            Durations.parse(t);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
