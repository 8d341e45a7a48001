package io.slowburn.alerts;

import java.nio.charset.StandardCharsets;

/** Contract alerts as the detector writes them. */
final class AlertSamples {

    /** 2026-03-02T14:05:00Z. */
    static final long TS = 1_772_460_300_000L;

    private AlertSamples() {
    }

    static String json(String id, String status, String verdict, String severity, String experiment) {
        return "{\"id\":\"" + id + "\",\"ts\":" + TS + ",\"status\":\"" + status + "\",\"verdict\":\"" + verdict
                + "\",\"signal\":\"memory_drift\",\"severity\":\"" + severity + "\",\"source\":\"host-17\","
                + "\"labels\":{\"area\":\"heap\"},\"experiment\":" + (experiment == null ? "null" : "\"" + experiment + "\"")
                + ",\"rule\":\"heap-floor-drift\",\"evidence\":{\"slope_per_hour\":2.1e7,\"time_to_limit_s\":30400},"
                + "\"containment\":[\"isolate_node\",\"capture_forensics\"],"
                + "\"summary\":\"heap floor rising 2.1e7/h; limit in ~8.4h\",\"future_field\":{\"x\":1}}";
    }

    static AlertRecord alert(String id, String status, String verdict, String severity, String experiment) {
        return AlertRecord.parse(json(id, status, verdict, severity, experiment).getBytes(StandardCharsets.UTF_8));
    }

    static AlertRecord firing() {
        return alert("a-1", "firing", "suspicious", "critical", null);
    }
}
