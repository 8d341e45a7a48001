package io.slowburn.e2e;

import static io.slowburn.e2e.Fixtures.MIN;
import static io.slowburn.e2e.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slowburn.detector.backtest.OfflineDetector;
import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.verdict.TrustedKeys;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cardinality flood: one million new series from one source (a runaway label, or an attack) through the real
 * topology, while that source's existing series and another source go on as usual. State and heap stay bounded by
 * {@code limits.series.per.source}; the limiter counts every dropped sample and reports the flood with ONE
 * {@code series-limit} alert; the existing series still raise their alert (a fork bomb) during the flood.
 */
class CardinalityFloodTest {

    static final int FLOOD = 1_000_000;
    static final int LIMIT = 10_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBoundStateReportTheFloodOnceAndKeepDetectingOnExistingSeries() throws Exception {
        DetectorConfig config = DetectorConfig.of(Map.of(DetectorConfig.STATE_STORE_TYPE, "memory",
                DetectorConfig.LIMITS_SERIES_PER_SOURCE, LIMIT));
        DetectorMetrics metrics = DetectorMetrics.detached();
        List<JsonNode> alerts = new ArrayList<>();
        long heapBefore;
        long heapAfter;
        long started = System.nanoTime();
        int flooded = 0;
        int floodFrom = 100;
        int minutes = 300;
        int perMinute = FLOOD / (minutes - floodFrom);
        try (OfflineDetector d = new OfflineDetector(config, Fixtures.setup(config, TrustedKeySource.fixed(TrustedKeys.empty())),
                metrics)) {
            heapBefore = usedHeapAfterGc();
            for (int m = 0; m <= minutes; m++) {
                long ts = T0 + m * MIN;
                // host-1's existing series (a fork bomb at minute 240) and a bystander host-2.
                double procs = m >= 240 && m < 250 ? 100 + (m - 239) * 40 : 100 + (m % 3);
                pipe(d, ts, "host-1", "os.process.count", Map.of(), procs);
                pipe(d, ts, "host-2", "os.process.count", Map.of(), 100 + (m % 3));
                if (m >= floodFrom && flooded < FLOOD) {
                    for (int i = 0; i < perMinute && flooded < FLOOD; i++, flooded++) {
                        pipe(d, ts + 1 + i % 59_000, "host-1", "app.latency.p99", Map.of("request_id", "r" + flooded),
                                0.1 + (i % 7) / 100.0);
                    }
                }
                d.drainAlerts().forEach(kv -> alerts.add(parse(kv.value)));
                d.drainDlq();
                d.drainAudit();
            }
            heapAfter = usedHeapAfterGc();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(flooded).isEqualTo(FLOOD);
        // Two existing series of host-1 and host-2 count toward nothing but their own source: host-1 admitted the
        // fork-bomb series plus LIMIT - 1 flood series; every other flood sample was dropped and counted.
        long dropped = FLOOD - (LIMIT - 1);
        assertThat((long) metrics.overLimitCount()).isEqualTo(dropped);
        // host-1 holds at most LIMIT series, each under the rules that match it (a p99 series: latency-drift,
        // latency-spike and generic-anomaly; the process count: fork-bomb, process-leak and process-count-drift), host-2
        // its one series under three rules.
        assertThat(metrics.seriesTracked()).as("rule states held").isLessThanOrEqualTo(3L * LIMIT + 3);
        List<JsonNode> limitAlerts = alerts.stream().filter(a -> a.get("rule").asText().equals("series-limit")).toList();
        assertThat(limitAlerts).as("the flood is reported once").hasSize(1);
        assertThat(limitAlerts.get(0).get("source").asText()).isEqualTo("host-1");
        assertThat(alerts).as("the existing series still alert during the flood")
                .anyMatch(a -> a.get("signal").asText().equals("process_churn") && a.get("source").asText().equals("host-1")
                        && a.get("status").asText().equals("firing"));
        assertThat(alerts).noneMatch(a -> a.get("source").asText().equals("host-2"));
        long grownMb = (heapAfter - heapBefore) / (1 << 20);
        assertThat(grownMb).as("heap growth after GC, MB").isLessThan(256);
        System.out.printf(Locale.ROOT, "flood: %d new series from one source in %.1f s (%.0f records/s); dropped %d; rule states %d; "
                + "state bytes %d; heap after GC %d MB -> %d MB; alerts %d%n", FLOOD, seconds, (FLOOD + 602) / seconds, dropped,
                metrics.seriesTracked(), metrics.stateBytes(), heapBefore >> 20, heapAfter >> 20, alerts.size());
    }

    private static void pipe(OfflineDetector d, long ts, String source, String metric, Map<String, String> labels, double value) {
        StringBuilder key = new StringBuilder(source).append('|').append(metric).append('|');
        StringBuilder json = new StringBuilder("{\"ts\":").append(ts).append(",\"source\":\"").append(source)
                .append("\",\"metric\":\"").append(metric).append("\",\"value\":").append(value).append(",\"limit\":32768.0");
        if (!labels.isEmpty()) {
            json.append(",\"labels\":{");
            labels.forEach((k, v) -> {
                key.append(k).append('=').append(v);
                json.append('"').append(k).append("\":\"").append(v).append('"');
            });
            json.append('}');
        }
        json.append('}');
        d.pipeMetric(key.toString(), json.toString().getBytes(StandardCharsets.UTF_8), ts);
    }

    static JsonNode parse(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
