package io.slowburn.report;

import io.slowburn.detector.service.RuleSources;
import io.slowburn.rules.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small telemetry, alerts and audit records written out in the tests, and the default rules. */
final class ReportFixtures {

    /** 2026-03-02T00:00:00Z. */
    static final long T0 = 1_772_409_600_000L;
    static final long MIN = 60_000L;

    private ReportFixtures() {
    }

    static RuleSet defaultRules() {
        return RuleSources.load((Path) null).orThrow();
    }

    /** A heap series of {@code source} rising from 1.0e9 by 1e8 per hour, one sample a minute for {@code minutes}. */
    static List<String> heap(String source, int minutes) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            double v = 1.0e9 + 1e8 * m / 60.0 + (m % 5) * 2e7;
            out.add(String.format(Locale.ROOT, "{\"stream\":\"metric\",\"ts\":%d,\"source\":\"%s\",\"metric\":\"jvm.memory.used\","
                    + "\"labels\":{\"area\":\"heap\"},\"value\":%.1f,\"type\":\"gauge\",\"limit\":4.0e9}", T0 + m * MIN, source, v));
        }
        return out;
    }

    static String heapAlert(String id, String source, long ts, String labelsJson, String summary) {
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"ts\":%d,\"status\":\"firing\",\"verdict\":\"suspicious\",\"signal\":"
                + "\"memory_drift\",\"severity\":\"critical\",\"source\":\"%s\",\"labels\":%s,\"experiment\":null,\"rule\":"
                + "\"heap-floor-drift\",\"evidence\":{\"level\":1.9e9,\"limit\":4.0e9,\"slope_per_hour\":1.0e8,\"slope_upper_per_hour\":"
                + "1.3e8,\"time_to_limit_s\":55000,\"time_to_limit_expected_s\":75000,\"window_s\":14400,\"since\":%d},"
                + "\"containment\":[\"isolate_node\"],\"summary\":%s}", id, ts, source, labelsJson, ts - 10 * MIN, summary);
    }
}
