package io.slowburn.report;

import static io.slowburn.report.ReportFixtures.MIN;
import static io.slowburn.report.ReportFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.RecordCodec;
import org.junit.jupiter.api.Test;

/** Whoever can write one record can put text into the report: none of it may become markup. */
class HostileRecordsTest {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String BREAKOUT = "\"><img src=x onerror=alert(2)>'";

    @Test
    void shouldEscapeEveryTextFromRecordsSoNoMarkupIsInjected() throws Exception {
        String html = hostileReport();

        assertThat(html).doesNotContain("<script", "<img", SCRIPT, BREAKOUT, "onerror=alert(2)>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">");
    }

    /** A report whose alert, audit, experiment and telemetry carry hostile names, labels and reasons everywhere. */
    static String hostileReport() throws Exception {
        IncidentReport report = new IncidentReport(new RecordCodec(), ReportFixtures.defaultRules(), 10);
        String labels = "{\"area\":\"heap\",\"x" + json(BREAKOUT) + "\":\"" + json(SCRIPT) + "\"}";
        report.alert(ReportFixtures.heapAlert(json(SCRIPT) + "-id", json(SCRIPT), T0 + 300 * MIN, labels,
                "\"" + json(SCRIPT + BREAKOUT) + "\""));
        report.alert("{\"id\":\"x\",\"ts\":" + (T0 + 30 * MIN) + ",\"status\":\"firing\",\"verdict\":\"" + json(SCRIPT)
                + "\",\"signal\":\"" + json(BREAKOUT) + "\",\"severity\":\"" + json(SCRIPT) + "\",\"source\":\"" + json(BREAKOUT)
                + "\",\"labels\":{},\"experiment\":\"" + json(SCRIPT) + "\",\"rule\":\"" + json(BREAKOUT) + "\",\"evidence\":{\""
                + json(SCRIPT) + "\":\"" + json(BREAKOUT) + "\",\"exe\":\"" + json(SCRIPT) + "\"},\"containment\":[\"" + json(SCRIPT)
                + "\"],\"summary\":\"" + json(BREAKOUT) + "\"}");
        report.audit("{\"type\":\"verdict\",\"ts\":" + (T0 + 30 * MIN) + ",\"alert\":\"x\",\"status\":\"firing\",\"decision\":{"
                + "\"explanation\":\"" + json(SCRIPT) + "\",\"candidate\":\"" + json(SCRIPT) + "\",\"checks\":[{\"check\":\""
                + json(BREAKOUT) + "\",\"pass\":false,\"reason\":\"" + json(SCRIPT) + "\"}]},\"finding\":{\"source\":\""
                + json(SCRIPT + "2") + "\",\"key\":\"" + json(BREAKOUT) + "\"}}");
        report.audit("{\"type\":\"abort\",\"ts\":" + (T0 + 40 * MIN) + ",\"experiment\":\"" + json(SCRIPT) + "\",\"alert\":\"x\","
                + "\"reason\":\"" + json(BREAKOUT) + "\"}");
        report.experiment("{\"id\":\"" + json(SCRIPT) + "\",\"title\":\"" + json(BREAKOUT) + "\",\"scope\":{\"sources\":[\""
                + json(BREAKOUT) + "\"],\"labels\":{\"" + json(SCRIPT) + "\":\"" + json(BREAKOUT) + "\"}},\"start\":" + T0 + ",\"end\":"
                + (T0 + 60 * MIN) + "}");
        TelemetryScan scan = report.scan();
        ReportFixtures.heap(SCRIPT, 600).forEach(scan::line);
        return ReportPage.render(report.model(scan, SCRIPT, BREAKOUT));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
