package io.slowburn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slowburn.detector.service.ScrapeFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The files an operator loads next to the detector, deploy/prometheus/slowburn.rules.yml and
 * deploy/grafana/slowburn-dashboard.json, have the shape Prometheus and Grafana read, and read only metrics the
 * README documents (which SelfMetricsDocumentedTest compares with a running detector's scrape). promtool is not
 * available here, so the structure is checked as Prometheus' rule file format defines it.
 */
class SelfMetricsDeployTest {

    private static final Path RULES = DocumentedMetrics.top().resolve("deploy/prometheus/slowburn.rules.yml");
    private static final Path DASHBOARD = DocumentedMetrics.top().resolve("deploy/grafana/slowburn-dashboard.json");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    @Test
    void shouldDocumentTheDefaultKafkaAllowListExactly() {
        assertThat(DocumentedMetrics.names("kafka_")).containsExactlyInAnyOrderElementsOf(ScrapeFilter.KAFKA_ALLOWED);
        assertThat(DocumentedMetrics.names("slowburn_")).contains("slowburn_records_in_total", "slowburn_watermark",
                "slowburn_ready");
    }

    @Test
    void shouldReadPromqlMetricNames() {
        assertThat(DocumentedMetrics.readBy("max by (instance) (slowburn_watermark{stage=\"intake\"} - ignoring(stage) "
                + "slowburn_watermark{stage=\"verdict\"}) / 1000 > 3e5")).containsExactly("slowburn_watermark");
        assertThat(DocumentedMetrics.readBy("sum by (topic) (rate(slowburn_records_in_total{instance=~\"$instance\"}"
                + "[$__rate_interval])) and on(instance) up == 1 offset 5m")).containsExactly("slowburn_records_in_total", "up");
        assertThat(DocumentedMetrics.readBy("time() - slowburn_state_bytes")).containsExactly("slowburn_state_bytes");
    }

    @Test
    void shouldShipPrometheusRulesOverDocumentedMetricsOnly() throws Exception {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        assertThat(fieldNames(file)).containsExactly("groups");
        Set<String> alerts = new HashSet<>();
        Set<String> read = new HashSet<>();
        for (JsonNode group : file.get("groups")) {
            assertThat(fieldNames(group)).containsExactlyInAnyOrder("name", "rules");
            assertThat(group.get("name").asText()).isNotBlank();
            assertThat(group.get("rules").isArray()).isTrue();
            for (JsonNode rule : group.get("rules")) {
                String name = rule.path("alert").asText();
                assertThat(name).as("alert name").matches("[A-Z][A-Za-z0-9]+");
                assertThat(alerts.add(name)).as("unique alert " + name).isTrue();
                assertThat(fieldNames(rule)).as(name).containsExactlyInAnyOrder("alert", "expr", "for", "labels", "annotations");
                assertThat(rule.get("for").asText()).as(name + " for").matches("\\d+[smh]");
                assertThat(rule.get("labels").get("severity").asText()).as(name + " severity").isIn(SEVERITIES);
                assertThat(rule.get("annotations").get("summary").asText()).as(name + " summary").isNotBlank();
                assertThat(rule.get("annotations").get("description").asText()).as(name + " description").isNotBlank();
                Set<String> metrics = DocumentedMetrics.readBy(rule.get("expr").asText());
                assertThat(metrics).as(name + " reads a metric").isNotEmpty();
                assertThat(DocumentedMetrics.names()).as(name + ": " + rule.get("expr").asText()).containsAll(metrics);
                assertThat(DocumentedMetrics.names()).as(name + " annotations")
                        .containsAll(DocumentedMetrics.mentioned(rule.get("annotations").toString()));
                read.addAll(metrics);
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("SlowburnDetectorStalled", "SlowburnNotReady", "SlowburnDeadLettersArriving",
                "SlowburnRulesReloadRejected", "SlowburnSeriesOverLimit", "SlowburnRuleStateCacheTooSmall");
        assertThat(read).contains("slowburn_watermark", "slowburn_ready", "slowburn_dlq_records_total",
                "slowburn_rules_reloads_total", "slowburn_series_over_limit_total", "slowburn_rule_states_loaded_total",
                "slowburn_records_in_total");
    }

    @Test
    void shouldShipTheStalledWatermarkAlertTheReadmeGives() throws Exception {
        String readmeExpr = "slowburn_watermark{stage=\"intake\"} - ignoring(stage) slowburn_watermark{stage=\"verdict\"} > 300000";
        assertThat(DocumentedMetrics.paragraph()).contains(readmeExpr);
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        assertThat(file.findValues("expr")).extracting(JsonNode::asText).contains(readmeExpr);
    }

    @Test
    void shouldShipAGrafanaDashboardOverDocumentedMetricsOnly() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(d.get("title").asText()).isNotBlank();
        assertThat(d.get("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(d.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(d.get("templating").get("list")).anySatisfy(v -> {
            assertThat(v.get("type").asText()).isEqualTo("datasource");
            assertThat(v.get("query").asText()).isEqualTo("prometheus");
        });
        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.get("panels")) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.get("id").asInt())).as("unique id of " + title).isTrue();
            JsonNode pos = panel.get("gridPos");
            assertThat(pos.get("w").asInt() + pos.get("x").asInt()).as(title + " fits the 24 columns").isLessThanOrEqualTo(24);
            assertThat(pos.get("h").asInt()).isPositive();
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.get("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "table", "bargauge");
            assertThat(panel.get("targets")).as(title + " targets").isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : d.get("templating").get("list")) {
            String query = variable.path("query").path("query").asText(variable.path("query").asText());
            if (query.startsWith("label_values(")) {
                exprs.add(query.substring("label_values(".length(), query.indexOf(',')));
            }
        }
        Set<String> read = new HashSet<>();
        for (String expr : exprs) {
            Set<String> metrics = DocumentedMetrics.readBy(expr);
            assertThat(metrics).as(expr).isNotEmpty();
            assertThat(DocumentedMetrics.names()).as(expr).containsAll(metrics);
            read.addAll(metrics);
        }
        // Every one of the detector's own metrics has a panel.
        assertThat(read).containsAll(DocumentedMetrics.names("slowburn_"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
