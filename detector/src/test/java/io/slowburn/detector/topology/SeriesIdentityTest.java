package io.slowburn.detector.topology;

import static io.slowburn.detector.topology.Harness.MIN;
import static io.slowburn.detector.topology.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of issue 12, end to end: a flat series under {@code service} "pay", U+D800, "x" (a lone
 * surrogate, JSON-escaped) interleaved with a leaking one under {@code service:"pay?x"}. A lone surrogate encodes
 * as {@code ?} in UTF-8, so both once landed on one state key and the flat samples hid the leak. Now the flat
 * series' records are dead letters with the reason, and the leak is found as if they had never been sent.
 */
class SeriesIdentityTest {

    private static final long HOUR = 60 * MIN;
    private static final long END = T0 + 6 * HOUR;
    private static final String KEY = "host-1|app.queue.depth|service=pay?x";

    /** A queue rising 1 per hour from 80 towards its limit of 100: the limit is ~20h away, inside the horizon. */
    private static double rising(long ts) {
        return 80 + (ts - T0) / (double) HOUR;
    }

    private static byte[] sample(long ts, String serviceJson, double value) {
        return ("{\"ts\":" + ts + ",\"source\":\"host-1\",\"metric\":\"app.queue.depth\",\"labels\":{\"service\":\""
                + serviceJson + "\"},\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs the feed through the detector's stages (what {@code backtest} runs): the leak every minute, and (when
     * {@code withDecoy}) the flat decoy between its samples. Offline the stages keep state in Java maps keyed by the
     * id as a string, where the two never met; live, the stores key by the id's UTF-8 bytes, where they did
     * ({@code SeriesIdTest} proves accepted records can no longer share those bytes).
     */
    private static Run run(boolean withDecoy) {
        try (Harness h = new Harness(Harness.QUEUE_TREND)) {
            List<JsonNode> alerts = new ArrayList<>();
            for (long ts = T0; ts < END; ts += MIN) {
                h.detector.pipeMetric(KEY, sample(ts, "pay?x", rising(ts)), ts);
                if (withDecoy) {
                    // the key a UTF-8 producer sends for the decoy: its surrogate already turned into '?'
                    h.detector.pipeMetric(KEY, sample(ts + 1, "pay\\ud800x", 10), ts + 1);
                }
                alerts.addAll(h.alerts());
            }
            return new Run(alerts, h.dlq());
        }
    }

    private record Run(List<JsonNode> alerts, List<JsonNode> dlq) {
        List<JsonNode> firing() {
            return alerts.stream().filter(a -> a.get("status").asText().equals("firing")).toList();
        }
    }

    @Test
    void shouldFindTheLeakBesideADecoyWhoseLabelOnlyEncodesLikeIt() {
        Run alone = run(false);
        Run withDecoy = run(true);

        assertThat(alone.firing()).hasSize(1);
        assertThat(withDecoy.firing()).hasSize(1);
        assertThat(withDecoy.firing().get(0).get("labels")).isEqualTo(alone.firing().get(0).get("labels"));
        assertThat(withDecoy.firing().get(0).get("ts").asLong()).isEqualTo(alone.firing().get(0).get("ts").asLong());
        assertThat(withDecoy.firing().get(0).get("labels").get("service").asText()).isEqualTo("pay?x");
    }

    @Test
    void shouldSendEveryDecoySampleToTheDeadLetterTopicWithTheReason() {
        Run withDecoy = run(true);

        assertThat(withDecoy.dlq()).hasSize((int) ((END - T0) / MIN));
        assertThat(withDecoy.dlq()).allSatisfy(d -> assertThat(d.get("reason").asText())
                .isEqualTo("field 'labels.service' is not valid Unicode: a lone UTF-16 surrogate U+D800 at character 3"));
        assertThat(Map.of("dead letters without a decoy", run(false).dlq().size())).containsValue(0);
    }
}
