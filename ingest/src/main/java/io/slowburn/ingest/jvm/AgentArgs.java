package io.slowburn.ingest.jvm;

import io.slowburn.ingest.SourceNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code -javaagent} argument string: {@code bootstrap=127.0.0.1:9092,source=host-1,interval=10s}, or
 * {@code output=/var/log/jvm.jsonl} instead of {@code bootstrap}. {@code source} defaults to the host name,
 * {@code interval} to 10 s (forms: {@code 500ms}, {@code 10s}, {@code 1m}, ISO-8601 {@code PT10S}).
 */
record AgentArgs(String bootstrap, Path output, String source, Duration interval) {

    static AgentArgs parse(String args) {
        String bootstrap = null;
        Path output = null;
        String source = null;
        Duration interval = JvmTelemetry.DEFAULT_INTERVAL;
        if (args != null && !args.isBlank()) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("agent argument '" + part + "' is not key=value");
                }
                String key = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                switch (key) {
                    case "bootstrap", "bootstrap.servers", "bootstrap-servers" -> bootstrap = value;
                    case "output" -> output = Path.of(value);
                    case "source" -> source = value;
                    case "interval" -> interval = duration(value);
                    default -> throw new IllegalArgumentException("unknown agent argument '" + key
                            + "' (known: bootstrap, output, source, interval)");
                }
            }
        }
        if (bootstrap == null && output == null) {
            throw new IllegalArgumentException("agent arguments need bootstrap=HOST:PORT or output=FILE, got '" + args + "'");
        }
        return new AgentArgs(bootstrap, output, source == null ? SourceNames.defaultSource() : source, interval);
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("pt")) {
                d = Duration.parse(text.trim());
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("interval '" + text + "' is not a duration like 10s, 500ms, 1m or PT10S");
        }
    }
}
