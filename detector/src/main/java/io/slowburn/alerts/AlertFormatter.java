package io.slowburn.alerts;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One readable line per alert:
 * <pre>
 * 2026-03-02T14:05:00Z FIRING   CRITICAL suspicious memory_drift    host-17{area=heap} heap-floor-drift  heap floor rising ...
 *     [isolate_node, capture_forensics]      (on the same line)
 * </pre>
 * time (UTC, seconds), status, severity, verdict, signal, source with its labels, rule, the experiment when one
 * sanctions or was breached ({@code exp=ID}), the summary (the evidence when there is none) and the containment actions.
 * ANSI colors only when asked for (the command line asks when stdout is a terminal).
 */
public final class AlertFormatter {

    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31;1m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String MAGENTA = "\u001b[35;1m";
    private static final String DIM = "\u001b[2m";

    private final boolean color;

    public AlertFormatter(boolean color) {
        this.color = color;
    }

    public String format(AlertRecord a) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(Instant.ofEpochMilli(a.ts()).toString().replaceFirst("\\.\\d+Z$", "Z")).append(' ');
        String status = upper(a.status());
        sb.append(paint(a.resolved() ? GREEN : "", pad(status, 8))).append(' ');
        String severity = upper(a.severity());
        String sevColor = a.resolved() ? "" : switch (severity) {
            case "CRITICAL" -> RED;
            case "WARNING" -> YELLOW;
            default -> "";
        };
        sb.append(paint(sevColor, pad(severity, 8))).append(' ');
        String verdict = orDash(a.verdict());
        sb.append(paint("breach".equals(verdict) ? MAGENTA : "", pad(verdict, 10))).append(' ');
        sb.append(pad(orDash(a.signal()), 15)).append(' ');
        sb.append(orDash(a.source())).append(labels(a.labels())).append(' ');
        sb.append(orDash(a.rule()));
        if (a.experiment() != null) {
            sb.append(" exp=").append(a.experiment());
        }
        String summary = a.summary().isBlank() ? a.evidence().toString() : a.summary().strip();
        sb.append("  ").append(summary.replace('\n', ' '));
        if (!a.containment().isEmpty()) {
            sb.append("  ").append(paint(DIM, "[" + String.join(", ", a.containment()) + "]"));
        }
        return sb.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    private String paint(String ansi, String text) {
        return color && !ansi.isEmpty() ? ansi + text + RESET : text;
    }

    private static String upper(String s) {
        return s == null ? "-" : s.toUpperCase(Locale.ROOT);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }
}
