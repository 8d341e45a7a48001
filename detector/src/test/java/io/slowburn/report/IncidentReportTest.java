package io.slowburn.report;

import static io.slowburn.report.ReportFixtures.MIN;
import static io.slowburn.report.ReportFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IncidentReportTest {

    @Test
    void shouldKeepOnlyTheSeriesTheAlertsNameWithinTheirWindow() throws Exception {
        IncidentReport report = new IncidentReport(new RecordCodec(), ReportFixtures.defaultRules(), 10);
        report.alert(ReportFixtures.heapAlert("heap-1", "web-1", T0 + 300 * MIN, "{\"area\":\"heap\"}", "\"leak\""));
        TelemetryScan scan = report.scan();
        List<String> lines = new ArrayList<>(ReportFixtures.heap("web-1", 600));
        lines.addAll(ReportFixtures.heap("web-2", 600));
        lines.forEach(scan::line);

        // web-1 only, from 4 h (the rung's window_s) before firing to 7 d after: minutes 60..599.
        assertThat(scan.records()).isEqualTo(1200);
        assertThat(scan.pointsRead()).isEqualTo(540);
        assertThat(scan.sources()).isEqualTo(2);
        String html = ReportPage.render(report.model(scan, "t", "test"));
        assertThat(html).contains("memory_drift on web-1{area=heap}").doesNotContain("web-2");
    }

    @Test
    void shouldReadOnlyTheTopLevelSourceWhenSkippingLinesUnparsed() throws Exception {
        IncidentReport report = new IncidentReport(new RecordCodec(), ReportFixtures.defaultRules(), 10);
        report.alert(ReportFixtures.heapAlert("heap-1", "web-1", T0 + 300 * MIN, "{\"area\":\"heap\"}", "\"leak\""));
        TelemetryScan scan = report.scan();
        long ts = T0 + 280 * MIN;
        // A label named "source" that names web-1 does not make web-9's sample web-1's ...
        scan.line("{\"stream\":\"metric\",\"ts\":" + ts + ",\"source\":\"web-9\",\"metric\":\"jvm.memory.used\","
                + "\"labels\":{\"area\":\"heap\",\"source\":\"web-1\"},\"value\":1.0e9}");
        // ... and web-1's sample is read whatever the order or spacing of its keys.
        scan.line("{\"value\": 1.5e9, \"labels\": {\"area\": \"heap\"}, \"metric\": \"jvm.memory.used\", \"source\": \"web-1\","
                + " \"ts\": " + ts + ", \"stream\": \"metric\"}");
        scan.line("{\"stream\":\"metric\",\"ts\":" + ts + ",\"source\":\"web-2\",\"metric\":\"jvm.memory.used\","
                + "\"labels\":{\"area\":\"heap\"},\"value\":1.0e9}");

        assertThat(scan.records()).isEqualTo(3);
        assertThat(scan.sources()).isEqualTo(3);
        assertThat(scan.pointsRead()).isEqualTo(1);
        assertThat(scan.range()).containsExactly(ts, ts);
    }

    @Test
    void shouldDrawEachPanelKindWithItsDataFromTheDefaultRules() throws Exception {
        IncidentReport report = new IncidentReport(new RecordCodec(), ReportFixtures.defaultRules(), 10);
        report.alert(ReportFixtures.heapAlert("heap-1", "web-1", T0 + 300 * MIN, "{\"area\":\"heap\"}", "\"leak\""));
        report.alert("{\"id\":\"crash-1\",\"ts\":" + (T0 + 30 * MIN) + ",\"status\":\"firing\",\"verdict\":\"sanctioned\","
                + "\"signal\":\"crash_loop\",\"severity\":\"info\",\"source\":\"web-2\",\"labels\":{},\"experiment\":\"exp-1\","
                + "\"rule\":\"crash-loop\","
                + "\"evidence\":{},\"containment\":[],\"summary\":\"restarts\"}");
        report.alert("{\"id\":\"crash-1\",\"ts\":" + (T0 + 50 * MIN) + ",\"status\":\"resolved\",\"verdict\":\"sanctioned\","
                + "\"signal\":\"crash_loop\",\"severity\":\"info\",\"source\":\"web-2\",\"labels\":{},\"experiment\":\"exp-1\","
                + "\"rule\":\"crash-loop\","
                + "\"evidence\":{},\"containment\":[],\"summary\":\"\"}");
        report.audit("{\"type\":\"verdict\",\"ts\":" + (T0 + 30 * MIN) + ",\"alert\":\"crash-1\",\"status\":\"firing\",\"verdict\":"
                + "\"sanctioned\",\"experiment\":\"exp-1\",\"decision\":{\"explanation\":\"sanctioned by exp-1\",\"candidate\":\"exp-1\","
                + "\"checks\":[{\"check\":\"authentic\",\"pass\":true,\"reason\":\"1 of 1 approvals\"},"
                + "{\"check\":\"in_scope\",\"pass\":false,"
                + "\"reason\":\"outside\"}]},\"finding\":{\"source\":\"web-2\",\"key\":\"web-2\"}}");
        report.audit("{\"type\":\"abort\",\"ts\":" + (T0 + 40 * MIN) + ",\"experiment\":\"exp-1\",\"alert\":\"crash-1\","
                + "\"reason\":\"r\"}");
        TelemetryScan scan = report.scan();
        ReportFixtures.heap("web-1", 600).forEach(scan::line);
        scan.line("{\"stream\":\"experiment\",\"id\":\"exp-1\",\"title\":\"kill\",\"scope\":{\"sources\":[\"web-2\"]},\"start\":"
                + (T0 + 20 * MIN) + ",\"end\":" + (T0 + 80 * MIN) + ",\"faults\":[\"process.kill\"]}");
        for (int i = 0; i < 4; i++) {
            scan.line("{\"stream\":\"event\",\"ts\":" + (T0 + (25 + i) * MIN) + ",\"source\":\"web-2\",\"event\":\"process.exit\","
                    + "\"attrs\":{\"signal\":\"SIGKILL\"}}");
        }

        String html = ReportPage.render(report.model(scan, "t", "test"));

        assertThat(count(html, "<section class=\"incident\"")).isEqualTo(2);
        assertThat(count(html, "<circle class=\"data event")).isEqualTo(4);
        assertThat(count(html, "<circle class=\"data bucket")).isGreaterThan(10);
        assertThat(html).contains("class=\"data raw\"", "class=\"fit\"", "class=\"forecast\"", "limit 4.00G",
                "exp-1 window (sources web-2)", "class=\"abort\"", "<td class=\"fail\">fail</td><td>outside</td>",
                "href=\"#inc-1\"", "id=\"inc-2\"");
    }

    @Test
    void shouldForgetTheOldestIncidentsBeyondItsBound() throws Exception {
        IncidentReport report = new IncidentReport(new RecordCodec(), ReportFixtures.defaultRules(), 3);
        for (int i = 0; i < 5; i++) {
            report.alert(ReportFixtures.heapAlert("heap-" + i, "web-" + i, T0 + i * MIN, "{}", "\"s\""));
        }

        assertThat(report.log().incidents()).extracting(Incident::id).containsExactly("heap-2", "heap-3", "heap-4");
        assertThat(report.log().forgotten()).isEqualTo(2);
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
