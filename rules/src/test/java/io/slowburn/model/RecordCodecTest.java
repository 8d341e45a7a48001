package io.slowburn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordCodecTest {

    private final RecordCodec codec = new RecordCodec();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTheContractMetricSample() throws Exception {
        MetricSample s = codec.readMetric(b("""
                {"stream":"metric","ts":1772409600000,"source":"host-17","metric":"jvm.memory.used",
                 "labels":{"service":"checkout","area":"heap"},"value":1.23e9,"type":"gauge","limit":4.0e9,"unit":"bytes"}"""));

        assertThat(s.ts()).isEqualTo(1_772_409_600_000L);
        assertThat(s.seriesId()).isEqualTo("host-17|jvm.memory.used|area=heap,service=checkout");
        assertThat(s.limit()).isEqualTo(4.0e9);
        assertThat(s.type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void shouldReadIsoTimestampsAsEpochMillis() throws Exception {
        MetricSample s = codec.readMetric(b("{\"ts\":\"2026-03-02T00:00:00Z\",\"source\":\"h\",\"metric\":\"m\",\"value\":1}"));
        assertThat(s.ts()).isEqualTo(1_772_409_600_000L);
    }

    @Test
    void shouldReadTheContractEvent() throws Exception {
        Event e = codec.readEvent(b("""
                {"stream":"event","ts":1772409600000,"source":"host-17","event":"process.exit",
                 "attrs":{"pid":4242,"exe":"/usr/bin/java","user":"app","signal":"SIGKILL","exit_code":137}}"""));

        assertThat(e.event()).isEqualTo(Event.PROCESS_EXIT);
        assertThat(e.attr("signal")).isEqualTo("SIGKILL");
        assertThat(e.attrs()).containsEntry("exit_code", 137L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "{not json;invalid JSON",
        "[1,2];not a JSON object",
        "{\"source\":\"h\",\"metric\":\"m\",\"value\":1};missing field 'ts'",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":\"NaN\"};field 'value' must be a number",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\"};missing field 'value'",
        "{\"ts\":99,\"source\":\"h\",\"metric\":\"m\",\"value\":1};outside [2000-01-01, 2100-01-01)",
        "{\"ts\":1772409600000,\"source\":\"a|b\",\"metric\":\"m\",\"value\":1};contains '|'",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":-1,\"type\":\"counter\"};negative value",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"type\":\"histogram\"};gauge or counter",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"labels\":{\"a\":{\"b\":1}}};label 'a' must be a string",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"limit\":0};'limit' must be positive",
        "{\"ts\":\"yesterday\",\"source\":\"h\",\"metric\":\"m\",\"value\":1};not ISO-8601",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"value\":9e9};Duplicate field 'value'",
        "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1,\"labels\":{\"a\":\"1\",\"a\":\"2\"}};Duplicate field 'a'",
        "{\"ts\":1772409600000,\"source\":\"h\\ud800\",\"metric\":\"m\",\"value\":1};field 'source' is not valid Unicode",
    })
    void shouldRejectMalformedMetricsWithAReason(String json, String reason) {
        assertThatThrownBy(() -> codec.readMetric(b(json))).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "\"labels\":{\"port\":8080}};label 'port' must be a string, got number (quote it: \"8080\")",
        "\"labels\":{\"tls\":true}};label 'tls' must be a string, got boolean",
        "\"unit\":\"\\udc00\"};field 'unit' is not valid Unicode",
        "\"extra\":[{\"x\":\"\\ud83d\"}]};field 'extra[0].x' is not valid Unicode",
        "\"labels\":{\"k\\udc00\":\"v\"}};low surrogate in field name",
    })
    void shouldRejectFieldsThatCouldCollideOrDisagreeWithAReason(String fields, String reason) {
        String json = "{\"ts\":1772409600000,\"source\":\"h\",\"metric\":\"m\",\"value\":1," + fields;
        assertThatThrownBy(() -> codec.readMetric(b(json))).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void shouldRejectOversizedRecordsBeforeParsing() {
        byte[] huge = new byte[RecordCodec.MAX_RECORD_BYTES + 1];
        assertThatThrownBy(() -> codec.readMetric(huge)).hasMessageContaining("exceeds the limit");
    }

    @Test
    void shouldWriteAlertsInTheContractOrderByteStably() {
        Alert a = new Alert("id-1", 1_772_409_600_000L, AlertStatus.FIRING, Verdict.SUSPICIOUS, Signal.MEMORY_DRIFT,
                Severity.CRITICAL, "host-17", Map.of("area", "heap"), null, "heap-floor-drift",
                Map.of("time_to_limit_s", 30_400L, "slope_per_hour", 2.1e7), List.of(Containment.ISOLATE_NODE), "heap floor rising");

        assertThat(codec.text(codec.toJson(a))).isEqualTo("{\"id\":\"id-1\",\"ts\":1772409600000,\"status\":\"firing\","
                + "\"verdict\":\"suspicious\",\"signal\":\"memory_drift\",\"severity\":\"critical\",\"source\":\"host-17\","
                + "\"labels\":{\"area\":\"heap\"},\"experiment\":null,\"rule\":\"heap-floor-drift\","
                + "\"evidence\":{\"slope_per_hour\":2.1E7,\"time_to_limit_s\":30400},\"containment\":[\"isolate_node\"],"
                + "\"summary\":\"heap floor rising\"}");
    }

    @Test
    void shouldRoundTripSamples() throws Exception {
        MetricSample s = new MetricSample(1_772_409_600_000L, "h", "app.requests", Map.of("b", "2", "a", "1"), 42, MetricType.COUNTER,
                null, "1");
        assertThat(codec.readMetric(codec.bytes(codec.toJson(s)))).isEqualTo(s);
    }
}
