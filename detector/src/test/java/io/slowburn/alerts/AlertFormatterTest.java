package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertFormatterTest {

    private final AlertFormatter plain = new AlertFormatter(false);

    @Test
    void formatsOneReadableLine() {
        assertThat(plain.format(AlertSamples.firing())).isEqualTo("2026-03-02T14:05:00Z FIRING   CRITICAL suspicious memory_drift    "
                + "host-17{area=heap} heap-floor-drift  heap floor rising 2.1e7/h; limit in ~8.4h  [isolate_node, capture_forensics]");
    }

    @Test
    void showsTheExperimentOfASanctionedOrBreachedAlertAndResolvedStatus() {
        String line = plain.format(AlertSamples.alert("a-2", "resolved", "breach", "warning", "exp-42"));
        assertThat(line).startsWith("2026-03-02T14:05:00Z RESOLVED WARNING  breach     memory_drift")
                .contains("heap-floor-drift exp=exp-42  heap floor");
    }

    @Test
    void fallsBackToTheEvidenceWithoutASummaryAndToleratesMissingAndUnknownValues() {
        String json = "{\"id\":\"x\",\"ts\":1772460300123,\"status\":\"firing\",\"verdict\":\"suspicious\",\"signal\":\"teleportation\","
                + "\"severity\":\"catastrophic\",\"source\":\"h\",\"evidence\":{\"z\":3}}";
        String line = plain.format(AlertRecord.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(line).isEqualTo("2026-03-02T14:05:00Z FIRING   CATASTROPHIC suspicious teleportation   h -  {\"z\":3}");
    }

    @Test
    void colorsOnlyWhenAsked() {
        assertThat(plain.format(AlertSamples.firing())).doesNotContain("\u001b[");
        String colored = new AlertFormatter(true).format(AlertSamples.firing());
        assertThat(colored).contains("\u001b[31;1mCRITICAL\u001b[0m");
        assertThat(colored.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain.format(AlertSamples.firing()));
    }

    @Test
    void rawJsonIsKeptOnOneLineAndNonObjectsAreRefused() {
        String pretty = "{\n  \"id\": \"p\",\r\n  \"summary\": \"a\\nb\"\n}\n";
        AlertRecord a = AlertRecord.parse(pretty.getBytes(StandardCharsets.UTF_8));
        assertThat(a.raw()).isEqualTo("{   \"id\": \"p\",   \"summary\": \"a\\nb\" }");
        assertThat(a.summary()).isEqualTo("a\nb");
        assertThatThrownBy(() -> AlertRecord.parse("[1]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertRecord.parse("{oops".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AlertRecord.parse(null)).hasMessageContaining("null");
    }
}
