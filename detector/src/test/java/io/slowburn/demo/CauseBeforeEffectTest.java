package io.slowburn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.alerts.AlertRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo prints a breach alert before the abort command it caused, and says when an incident's evidence moves. */
class CauseBeforeEffectTest {

    private static final CauseBeforeEffect.Abort ABORT = new CauseBeforeEffect.Abort("exp-latency-web-4", "ABORT exp-latency-web-4");

    private static AlertRecord alert(String id, String status, String verdict, String source, String experiment) {
        String json = "{\"id\":\"" + id + "\",\"ts\":1772409600000,\"status\":\"" + status + "\",\"verdict\":\"" + verdict
                + "\",\"signal\":\"latency_drift\",\"severity\":\"critical\",\"source\":\"" + source + "\",\"labels\":{},"
                + "\"experiment\":" + (experiment == null ? "null" : "\"" + experiment + "\"") + ",\"rule\":\"r\",\"evidence\":{},"
                + "\"containment\":[],\"summary\":\"s\"}";
        return AlertRecord.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldHoldAnAbortThatArrivesBeforeItsBreachAlertUntilTheAlertIsShown() {
        CauseBeforeEffect order = new CauseBeforeEffect(2_000);

        assertThat(order.abortArrived(ABORT, 1_000)).as("the command came first: held").isEmpty();
        assertThat(order.overdue(2_999)).as("one millisecond before the hold ends").isEmpty();
        assertThat(order.alertShown(alert("i1", "firing", "sanctioned", "web-4", "exp-latency-web-4"))).isEmpty();
        assertThat(order.alertShown(alert("i2", "firing", "breach", "web-5", "exp-latency-web-4"))).containsExactly(ABORT);
        assertThat(order.overdue(Long.MAX_VALUE)).as("released once").isEmpty();
    }

    @Test
    void shouldShowAnAbortAtOnceWhenItsBreachAlertWasShownFirst() {
        CauseBeforeEffect order = new CauseBeforeEffect(2_000);

        assertThat(order.alertShown(alert("i2", "firing", "breach", "web-5", "exp-latency-web-4"))).isEmpty();
        assertThat(order.abortArrived(ABORT, 1_000)).contains(ABORT);
    }

    @Test
    void shouldShowAnAbortWithoutItsCauseWhenTheHoldEnds() {
        CauseBeforeEffect order = new CauseBeforeEffect(2_000);

        order.abortArrived(ABORT, 1_000);
        assertThat(order.overdue(3_000)).containsExactly(ABORT);
    }

    @Test
    void shouldSayWhenAnIncidentsEvidenceMovesToAnotherSource() {
        CauseBeforeEffect order = new CauseBeforeEffect(2_000);

        assertThat(order.sourceMoved(alert("i2", "firing", "breach", "web-5", "exp-latency-web-4"))).isEmpty();
        assertThat(order.sourceMoved(alert("i2", "resolved", "breach", "web-5", "exp-latency-web-4"))).as("same source").isEmpty();
        assertThat(order.sourceMoved(alert("i2", "resolved", "breach", "web-6", "exp-latency-web-4"))).hasValueSatisfying(line ->
                assertThat(line).contains("on web-6, not web-5").contains("evidence moved"));
        assertThat(order.sourceMoved(alert("i3", "firing", "breach", "web-6", null))).as("another incident").isEmpty();
    }
}
