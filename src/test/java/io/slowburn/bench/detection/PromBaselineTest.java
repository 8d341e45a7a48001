package io.slowburn.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromBaselineTest {

    private static final long T0 = 1_772_409_600_000L;
    private static final long MINUTE = 60_000L;
    private static final double HEAP_MAX = 4e9;
    private final ObjectMapper m = new ObjectMapper();

    private ObjectNode heap(long ts, double value) {
        ObjectNode n = m.createObjectNode();
        n.put("stream", "metric");
        n.put("ts", ts);
        n.put("source", "host-1");
        n.put("metric", "jvm.memory.used");
        n.putObject("labels").put("area", "heap");
        n.put("value", value);
        n.put("type", "gauge");
        n.put("limit", HEAP_MAX);
        return n;
    }

    private ObjectNode exit(long ts, Object exitCode, String signal) {
        ObjectNode n = m.createObjectNode();
        n.put("stream", "event");
        n.put("ts", ts);
        n.put("source", "host-1");
        n.put("event", "process.exit");
        ObjectNode a = n.putObject("attrs");
        if (exitCode == null) {
            a.putNull("exit_code");
        } else {
            a.put("exit_code", (Integer) exitCode);
        }
        if (signal != null) {
            a.put("signal", signal);
        }
        return n;
    }

    @Test
    void shouldFirePredictLinearTenMinutesAfterTheSixHourRangeIsFullOnAFastHeapLeak() {
        PromBaseline b = new PromBaseline();
        // 1 GB + 200 MB/h: in 24 h the forecast passes 4 GB from the first sample on
        for (long t = T0; t <= T0 + 8 * 60 * MINUTE; t += MINUTE) {
            b.accept(heap(t, 1e9 + 200e6 * (t - T0) / 3_600_000.0));
        }
        List<Alert> alerts = b.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).ts()).isEqualTo(T0 + 6 * 60 * MINUTE + 10 * MINUTE);
        assertThat(alerts.get(0).signal()).isEqualTo("memory_drift");
        assertThat(alerts.get(0).verdict()).isEqualTo("suspicious");
    }

    @Test
    void shouldStayQuietOnAFlatHeapAndOnASlowLeakThatIsDaysAway() {
        PromBaseline b = new PromBaseline();
        for (long t = T0; t <= T0 + 12 * 60 * MINUTE; t += MINUTE) {
            b.accept(heap(t, 1e9 + 20e6 * (t - T0) / 3_600_000.0 + (t / MINUTE % 3) * 1e7));
        }
        assertThat(b.alerts()).isEmpty();
    }

    @Test
    void shouldCallThreeFailedExitsInThirtyMinutesACrashLoopButNotCleanOrUnknownExits() {
        PromBaseline b = new PromBaseline();
        b.accept(exit(T0, 0, null));
        b.accept(exit(T0 + MINUTE, null, "unknown"));
        b.accept(exit(T0 + 2 * MINUTE, null, "unknown"));
        b.accept(exit(T0 + 3 * MINUTE, 137, "SIGKILL"));
        b.accept(exit(T0 + 13 * MINUTE, 137, "SIGKILL"));
        assertThat(b.alerts()).isEmpty();
        b.accept(exit(T0 + 33 * MINUTE - 1, 137, "SIGKILL"));
        assertThat(b.alerts()).singleElement().satisfies(a -> {
            assertThat(a.signal()).isEqualTo("crash_loop");
            assertThat(a.ts()).isEqualTo(T0 + 33 * MINUTE - 1);
        });
    }

    @Test
    void shouldNotCountAnExitThirtyMinutesOld() {
        PromBaseline b = new PromBaseline();
        b.accept(exit(T0, 143, "SIGTERM"));
        b.accept(exit(T0 + 10 * MINUTE, 143, "SIGTERM"));
        b.accept(exit(T0 + 30 * MINUTE, 143, "SIGTERM"));
        assertThat(b.alerts()).isEmpty();
    }
}
