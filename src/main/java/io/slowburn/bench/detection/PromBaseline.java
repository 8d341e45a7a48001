package io.slowburn.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user could write in Prometheus in an afternoon (DETECTION.md, "The baseline"), evaluated at every sample of
 * the series a rule reads, over the same JSON Lines records slowburn reads. Every alert is {@code suspicious}; it knows
 * nothing of experiments.
 * <ul>
 * <li>{@code predict_linear(x[6h], 24h) >= limit for 10m} on host memory, heap, fds, process count, queue depth
 *     (only once the 6 h range is full);</li>
 * <li>{@code deriv(os.process.count[5m]) > 5/min for 5m};</li>
 * <li>{@code rate(jvm.gc.time[5m]) > 0.1 for 10m};</li>
 * <li>{@code increase(app.retries[5m]) / increase(app.requests[5m]) > 0.05 for 5m};</li>
 * <li>{@code app.latency.p99 > 2 * avg_over_time(app.latency.p99[24h]) for 10m};</li>
 * <li>3 or more {@code process.exit} in 30 minutes: a crash loop. An exit counts when it reports a failure (a non-zero
 *     exit code or a named signal): what a restart counter counts. A clean exit (0) and an exit whose status is
 *     unknown (what /proc polling reports for every short-lived command) are not restarts.</li>
 * </ul>
 */
public final class PromBaseline {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final Map<String, String> FORECAST_SIGNALS = Map.of("os.memory.used", "memory_drift", "jvm.memory.used",
            "memory_drift", "os.fd.open", "fd_exhaustion", "os.process.count", "process_churn", "app.queue.depth", "queue_growth");

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, SampleWindow> windows = new HashMap<>();
    private final Map<String, ForClause> clauses = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> exits = new HashMap<>();
    private final Map<String, Boolean> looping = new HashMap<>();
    private final List<Alert> alerts = new ArrayList<>();

    /** Runs the baseline over a JSON Lines file of records. */
    public static List<Alert> run(Path records) throws IOException {
        PromBaseline b = new PromBaseline();
        try (BufferedReader in = Files.newBufferedReader(records, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    b.accept(b.mapper.readTree(line));
                }
            }
        }
        return b.alerts();
    }

    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** One contract record (with its {@code stream} field). */
    public void accept(JsonNode r) {
        String stream = r.path("stream").asText();
        if ("metric".equals(stream)) {
            metric(r);
        } else if ("event".equals(stream) && "process.exit".equals(r.path("event").asText())) {
            exit(r);
        }
    }

    private void metric(JsonNode r) {
        String metric = r.path("metric").asText();
        String source = r.path("source").asText();
        long ts = r.path("ts").asLong();
        double v = r.path("value").asDouble();
        String series = source + "|" + metric + "|" + r.path("labels");
        String forecastSignal = FORECAST_SIGNALS.get(metric);
        if (forecastSignal != null && (!"jvm.memory.used".equals(metric) || "heap".equals(r.path("labels").path("area").asText()))) {
            SampleWindow w = window(series + "|6h", 6 * HOUR);
            w.add(ts, v);
            JsonNode limit = r.get("limit");
            boolean cond = limit != null && limit.isNumber() && w.full(ts) && w.predict(24 * HOUR) >= limit.asDouble();
            fire(series + "|predict", 10 * MINUTE, ts, cond, source, forecastSignal, "prom-predict-linear-" + metric);
        }
        switch (metric) {
            case "os.process.count" -> {
                SampleWindow w = window(series + "|5m", 5 * MINUTE);
                w.add(ts, v);
                fire(series + "|deriv", 5 * MINUTE, ts, w.size() >= 2 && w.slopePerSecond() * 60 > 5, source, "process_churn",
                        "prom-deriv-processes");
            }
            case "jvm.gc.time" -> {
                SampleWindow w = window(series + "|5m", 5 * MINUTE);
                w.add(ts, v);
                boolean cond = w.size() >= 2 && w.increase() / w.spanSeconds() > 0.1;
                fire(series + "|gc", 10 * MINUTE, ts, cond, source, "gc_pressure", "prom-gc-rate");
            }
            case "app.requests" -> window(source + "|requests|5m", 5 * MINUTE).add(ts, v);
            case "app.retries" -> {
                SampleWindow retries = window(source + "|retries|5m", 5 * MINUTE);
                retries.add(ts, v);
                SampleWindow requests = windows.get(source + "|requests|5m");
                boolean cond = requests != null && retries.size() >= 2 && requests.size() >= 2 && requests.increase() > 0
                        && retries.increase() / requests.increase() > 0.05;
                fire(source + "|retry", 5 * MINUTE, ts, cond, source, "retry_storm", "prom-retry-ratio");
            }
            case "app.latency.p99" -> {
                SampleWindow day = window(series + "|24h", 24 * HOUR);
                day.add(ts, v);
                fire(series + "|p99", 10 * MINUTE, ts, v > 2 * day.mean(), source, "latency_drift", "prom-p99-vs-day");
            }
            default -> {
                // not read by the baseline
            }
        }
    }

    private void exit(JsonNode r) {
        JsonNode attrs = r.path("attrs");
        JsonNode code = attrs.get("exit_code");
        String signal = attrs.path("signal").asText("");
        boolean failed = code != null && code.isNumber() && code.asInt() != 0 || !signal.isEmpty() && !"unknown".equals(signal);
        if (!failed) {
            return;
        }
        String source = r.path("source").asText();
        long ts = r.path("ts").asLong();
        ArrayDeque<Long> q = exits.computeIfAbsent(source, s -> new ArrayDeque<>());
        while (!q.isEmpty() && q.peekFirst() <= ts - 30 * MINUTE) {
            q.removeFirst();
        }
        if (q.size() < 2) {
            looping.put(source, false); // the window no longer holds a loop: the next one fires again
        }
        q.addLast(ts);
        if (q.size() >= 3 && !looping.getOrDefault(source, false)) {
            looping.put(source, true);
            alerts.add(alert(ts, source, "crash_loop", "prom-restarts"));
        }
    }

    private SampleWindow window(String key, long width) {
        return windows.computeIfAbsent(key, k -> new SampleWindow(width));
    }

    private void fire(String key, long forMs, long ts, boolean condition, String source, String signal, String rule) {
        if (clauses.computeIfAbsent(key, k -> new ForClause(forMs)).update(ts, condition)) {
            alerts.add(alert(ts, source, signal, rule));
        }
    }

    private Alert alert(long ts, String source, String signal, String rule) {
        return new Alert("baseline-" + (alerts.size() + 1), ts, "firing", "suspicious", signal, source, null, rule, List.of());
    }
}
