package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each output against a real local HTTP receiver. */
class AlertOutputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Receiver receiver = Receiver.start();
    private final HttpPost http = HttpPost.defaults();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static StableAlert[] correlatedFiringThenResolved() {
        OpenAlerts open = new OpenAlerts(10);
        return new StableAlert[] {open.next(OpenAlertsTest.storm("firing", "svc-a", AlertSamples.TS), 0),
            open.next(OpenAlertsTest.storm("resolved", "svc-b", AlertSamples.TS + 600_000), 0)};
    }

    private JsonNode body(int i) throws Exception {
        return JSON.readTree(receiver.requests.get(i).body());
    }

    @Test
    void alertmanagerSeesOneAlertThatFiresAndResolvesUnderTheSameLabels() throws Exception {
        AlertmanagerOutput out = new AlertmanagerOutput(receiver.url(""), "http://grafana/d/x", http);
        StableAlert[] a = correlatedFiringThenResolved();
        assertThat(out.deliver(a[0]).isDelivered()).isTrue();
        assertThat(out.deliver(a[1]).isDelivered()).isTrue();
        assertThat(receiver.requests.get(0).path()).isEqualTo("/api/v2/alerts");
        JsonNode firing = body(0).get(0);
        JsonNode resolved = body(1).get(0);
        assertThat(resolved.get("labels")).isEqualTo(firing.get("labels"));
        assertThat(firing.path("labels").path("source").asText()).isEqualTo("svc-a");
        assertThat(resolved.path("annotations").path("last_source").asText()).isEqualTo("svc-b");
        assertThat(resolved.path("startsAt").asText()).isEqualTo("2026-03-02T14:05:00Z");
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2026-03-02T14:15:00Z");
        assertThat(firing.has("endsAt")).isFalse();
        assertThat(firing.path("generatorURL").asText()).isEqualTo("http://grafana/d/x");
    }

    @Test
    void alertmanagerGetsEveryAlertStillFiringInBoundedBatches() throws Exception {
        OpenAlerts open = new OpenAlerts(2000);
        for (int i = 0; i < 1201; i++) {
            open.next(AlertSamples.alert("a-" + i, "firing", "suspicious", "critical", null), 0);
        }
        new AlertmanagerOutput(receiver.url(""), null, http).refresh(open.firing());
        assertThat(receiver.requests).hasSize(3);
        assertThat(body(0)).hasSize(500);
        assertThat(body(2)).hasSize(201);
        assertThat(body(2).get(200).path("annotations").path("alert_id").asText()).isEqualTo("a-1200");
        assertThat(body(2).get(200).has("endsAt")).isFalse();
    }

    @Test
    void webhookPostsTheDocumentedBodyWithAnIdempotencyKey() throws Exception {
        WebhookOutput out = new WebhookOutput(receiver.url("/hook"), null, http);
        StableAlert[] a = correlatedFiringThenResolved();
        assertThat(out.deliver(a[1]).isDelivered()).isTrue();
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(r.headers().getFirst("Idempotency-Key")).isEqualTo("retry-storm-1:resolved");
        JsonNode expected = JSON.readTree("""
                {"version":"1","id":"retry-storm-1:resolved","alert_id":"retry-storm-1","status":"resolved",
                 "startsAt":"2026-03-02T14:05:00Z","endsAt":"2026-03-02T14:15:00Z",
                 "labels":{"alertname":"retry-storm","severity":"critical","verdict":"suspicious","signal":"retry_storm",
                           "source":"svc-a","service":"svc-a-svc"},
                 "annotations":{"summary":"retries at 12%","containment":"rate_limit_ingress","evidence":"{\\"ratio\\":0.12}",
                                "alert_id":"retry-storm-1","last_source":"svc-b","last_labels":"service=svc-b-svc"}}""");
        JsonNode got = body(0);
        assertThat(got.get("alert")).isEqualTo(a[1].record().json());
        ((ObjectNode) got).remove("alert");
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void slackGetsTextAndBlocksWithEscapedText() throws Exception {
        SlackOutput out = new SlackOutput(receiver.url("/services/T000/B000/XXXX"), "http://grafana/d/x", http);
        String json = AlertSamples.json("a-1", "firing", "suspicious", "critical", null).replace("heap floor rising", "heap <b>&");
        assertThat(out.deliver(new OpenAlerts(1).next(AlertRecord.parse(json.getBytes(StandardCharsets.UTF_8)), 0)).isDelivered())
                .isTrue();
        assertThat(out.target()).isEqualTo("http://127.0.0.1:" + receiver.url("").getPort() + "/...");
        JsonNode b = body(0);
        assertThat(b.path("text").asText()).isEqualTo("FIRING critical: heap-floor-drift on host-17 - heap &lt;b&gt;&amp; 2.1e7/h; "
                + "limit in ~8.4h");
        JsonNode blocks = b.path("blocks");
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("FIRING critical: heap-floor-drift on host-17");
        assertThat(blocks.get(1).path("text").path("text").asText()).startsWith("heap &lt;b&gt;&amp;");
        assertThat(blocks.get(2).path("fields").findValuesAsText("text")).containsExactly("*Verdict*\nsuspicious",
                "*Signal*\nmemory_drift", "*Source*\nhost-17", "*Containment*\nisolate_node, capture_forensics");
        assertThat(blocks.get(3).path("elements").get(0).path("text").asText())
                .isEqualTo("alert `a-1:firing` | since 2026-03-02T14:05:00Z | <http://grafana/d/x|details>");
    }

    private CloudEvent readBack(Receiver.Request r) {
        Map<String, String> headers = new HashMap<>();
        r.headers().forEach((k, v) -> headers.put(k, v.get(0)));
        MessageReader reader = HttpMessageFactory.createReader(headers, r.body());
        return reader.toEvent();
    }

    @Test
    void cloudEventsInBinaryModeAreHeadersAndTheAlertAsBody() {
        CloudEventsHttpOutput out = new CloudEventsHttpOutput(receiver.url("/ce"), CloudEventsHttpOutput.Mode.BINARY,
                URI.create("/slowburn/alerts"), http);
        StableAlert[] a = correlatedFiringThenResolved();
        assertThat(out.deliver(a[1]).isDelivered()).isTrue();
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.headers().getFirst("ce-specversion")).isEqualTo("1.0");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo(a[1].record().raw());
        CloudEvent e = readBack(r);
        assertThat(e.getId()).isEqualTo("retry-storm-1:resolved");
        assertThat(e.getType()).isEqualTo("io.slowburn.alert.v1");
        assertThat(e.getSource()).isEqualTo(URI.create("/slowburn/alerts"));
        assertThat(e.getSubject()).isEqualTo("svc-a");
        assertThat(e.getTime()).isEqualTo(OffsetDateTime.parse("2026-03-02T14:15:00Z"));
        assertThat(e.getExtension("alertstatus")).isEqualTo("resolved");
        assertThat(e.getExtension("alertverdict")).isEqualTo("suspicious");
        assertThat(e.getExtension("alertseverity")).isEqualTo("critical");
        assertThat(e.getExtension("partitionkey")).isEqualTo("retry-storm-1");
    }

    @Test
    void cloudEventsInStructuredModeAreOneJsonEvent() throws Exception {
        CloudEventsHttpOutput out = new CloudEventsHttpOutput(receiver.url("/ce"), CloudEventsHttpOutput.Mode.STRUCTURED,
                URI.create("/slowburn/alerts"), http);
        StableAlert[] a = correlatedFiringThenResolved();
        assertThat(out.deliver(a[0]).isDelivered()).isTrue();
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.headers().getFirst("Content-Type")).startsWith("application/cloudevents+json");
        assertThat(r.headers().getFirst("ce-id")).isNull();
        JsonNode event = JSON.readTree(r.body());
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("id").asText()).isEqualTo("retry-storm-1:firing");
        assertThat(event.path("subject").asText()).isEqualTo("svc-a");
        assertThat(event.path("data")).isEqualTo(a[0].record().json());
        CloudEvent e = readBack(r);
        assertThat(e.getId()).isEqualTo("retry-storm-1:firing");
        assertThat(JSON.readTree(e.getData().toBytes())).isEqualTo(a[0].record().json());
    }

    @Test
    void aRefusingReceiverIsARefusalAndADownOneIsARetry() {
        receiver.status = 404;
        assertThat(new WebhookOutput(receiver.url("/gone"), null, http).deliver(correlatedFiringThenResolved()[0]).outcome())
                .isEqualTo(Delivery.Outcome.REJECTED);
        receiver.status = 503;
        assertThat(new SlackOutput(receiver.url("/s"), null, http).deliver(correlatedFiringThenResolved()[0]).outcome())
                .isEqualTo(Delivery.Outcome.RETRY);
        URI nobody = URI.create("http://127.0.0.1:" + Receiver.freePort() + "/");
        assertThat(new CloudEventsHttpOutput(nobody, CloudEventsHttpOutput.Mode.BINARY, URI.create("/s"), http)
                .deliver(correlatedFiringThenResolved()[0]).outcome()).isEqualTo(Delivery.Outcome.RETRY);
    }
}
