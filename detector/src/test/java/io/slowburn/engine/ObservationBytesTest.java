package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.model.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Samples of source-keyed rules cross to the source stage in binary: exactly the sample that went in comes out. */
class ObservationBytesTest {

    @Test
    void shouldReadBackEveryFieldOfASample() {
        MetricSample full = new MetricSample(1_772_409_600_123L, "node-4 ü", "app.retries", Map.of("route", "/pay", "zone", "é"),
                -0.0, MetricType.COUNTER, 6.3e9, "requests");
        MetricSample bare = MetricSample.gauge(1L, "h", "m", Map.of(), Double.MAX_VALUE);
        assertThat(ObservationBytes.readMetric(ObservationBytes.metric(full))).isEqualTo(full);
        assertThat(ObservationBytes.readMetric(ObservationBytes.metric(bare))).isEqualTo(bare);
    }

    @Test
    void shouldTellTheBinaryFormFromJsonWrittenBeforeAnUpgrade() {
        RecordCodec codec = new RecordCodec();
        MetricSample s = MetricSample.gauge(1L, "h", "m", Map.of(), 1);
        byte[] json = codec.bytes(codec.toJson(s));
        assertThat(ObservationBytes.isMetric(ObservationBytes.metric(s))).isTrue();
        assertThat(ObservationBytes.isMetric(json)).isFalse();
        assertThat(ObservationBytes.isMetric(" {}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ObservationBytes.isMetric(new byte[0])).isFalse();
    }

    @Test
    void shouldRejectTruncatedBytesWithAClearError() {
        byte[] bytes = ObservationBytes.metric(MetricSample.gauge(1L, "h", "m", Map.of("a", "b"), 1));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> ObservationBytes.readMetric(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt binary metric sample");
    }
}
