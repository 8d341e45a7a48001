package io.slowburn.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {

    /** A correlated retry storm: fires on svc-a, resolves on svc-b (the last of its sources to recover). */
    static AlertRecord storm(String status, String source, long ts) {
        String json = "{\"id\":\"retry-storm-1\",\"ts\":" + ts + ",\"status\":\"" + status + "\",\"verdict\":\"suspicious\","
                + "\"signal\":\"retry_storm\",\"severity\":\"critical\",\"source\":\"" + source + "\",\"labels\":{\"service\":\""
                + source + "-svc\"},\"experiment\":null,\"rule\":\"retry-storm\",\"evidence\":{\"ratio\":0.12},"
                + "\"containment\":[\"rate_limit_ingress\"],\"summary\":\"retries at 12%\"}";
        return AlertRecord.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCorrelatedIncidentResolvingOnAnotherSourceKeepsTheLabelsItFiredWith() {
        OpenAlerts open = new OpenAlerts(10);
        StableAlert firing = open.next(storm("firing", "svc-a", AlertSamples.TS), 0);
        StableAlert resolved = open.next(storm("resolved", "svc-b", AlertSamples.TS + 600_000), 0);

        assertThat(firing.labels()).containsEntry("source", "svc-a").containsEntry("service", "svc-a-svc")
                .containsEntry("alertname", "retry-storm");
        assertThat(resolved.labels()).isEqualTo(firing.labels());
        assertThat(resolved.annotations()).containsEntry("last_source", "svc-b").containsEntry("last_labels", "service=svc-b-svc");
        assertThat(firing.annotations()).doesNotContainKeys("last_source", "last_labels");
        assertThat(resolved.startsAt()).isEqualTo(Instant.ofEpochMilli(AlertSamples.TS));
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(AlertSamples.TS + 600_000));
        assertThat(resolved.eventId()).isEqualTo("retry-storm-1:resolved");
        assertThat(firing.eventId()).isEqualTo("retry-storm-1:firing");
        assertThat(resolved.source()).isEqualTo("svc-a");
        assertThat(open.size()).isZero();
    }

    @Test
    void aRepeatedFiringKeepsTheFirstLabelsAndStart() {
        OpenAlerts open = new OpenAlerts(10);
        open.next(storm("firing", "svc-a", AlertSamples.TS), 0);
        StableAlert again = open.next(storm("firing", "svc-c", AlertSamples.TS + 5), 0);
        assertThat(again.labels()).containsEntry("source", "svc-a");
        assertThat(again.startsAt()).isEqualTo(Instant.ofEpochMilli(AlertSamples.TS));
        assertThat(open.firing()).hasSize(1);
    }

    @Test
    void aResolutionWhoseFiringIsUnknownCarriesItsOwnLabelsAndNoStart() {
        StableAlert r = new OpenAlerts(10).next(storm("resolved", "svc-b", AlertSamples.TS), 0);
        assertThat(r.labels()).containsEntry("source", "svc-b");
        assertThat(r.startsAt()).isNull();
        assertThat(r.endsAt()).isEqualTo(Instant.ofEpochMilli(AlertSamples.TS));
    }

    @Test
    void isBoundedAndForgetsThePartitionsItNoLongerReads() {
        OpenAlerts open = new OpenAlerts(2);
        open.next(AlertSamples.alert("a", "firing", "suspicious", "critical", null), 0);
        open.next(AlertSamples.alert("b", "firing", "suspicious", "critical", null), 1);
        open.next(AlertSamples.alert("c", "firing", "suspicious", "critical", null), 1);
        assertThat(open.firing()).extracting(StableAlert::id).containsExactly("b", "c");
        assertThat(open.forgotten()).isEqualTo(1);
        open.forget(1);
        assertThat(open.size()).isZero();
    }
}
