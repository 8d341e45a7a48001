package io.slowburn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class MetricSampleTest {

    @Test
    void shouldKeepItsLabelsSortedAndUnchangeableWhateverItWasGiven() {
        Map<String, String> given = new HashMap<>(Map.of("zone", "b", "app", "checkout", "pool", "old"));
        MetricSample s = MetricSample.gauge(1L, "h", "m", given, 1.0);
        given.put("zone", "changed");
        assertThat(s.labels()).isInstanceOf(SortedMap.class).containsExactly(Map.entry("app", "checkout"),
                Map.entry("pool", "old"), Map.entry("zone", "b"));
        assertThat(s.labels()).isEqualTo(Map.of("app", "checkout", "pool", "old", "zone", "b"))
                .hasToString("{app=checkout, pool=old, zone=b}");
        assertThat(s.labels().hashCode()).isEqualTo(Map.of("app", "checkout", "pool", "old", "zone", "b").hashCode());
        assertThatThrownBy(() -> s.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.labels().entrySet().iterator().remove()).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ((SortedMap<String, String>) s.labels()).headMap("q").clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.seriesId()).isEqualTo("h|m|app=checkout,pool=old,zone=b");
        assertThat(MetricSample.gauge(1L, "h", "m", Map.of(), 1.0).labels()).isEmpty();
    }

    /** A reader hands one sample's labels to the next sample of its series: kept as they are, not copied again. */
    @Test
    void shouldKeepAnotherSamplesLabelsAsTheyAre() {
        MetricSample first = MetricSample.gauge(1L, "h", "m", Map.of("pool", "old", "app", "checkout"), 1.0);
        MetricSample next = MetricSample.gauge(2L, "h", "m", first.labels(), 2.0);
        assertThat(next.labels()).isSameAs(first.labels());
        assertThat(first.withLimit(5.0).labels()).isSameAs(first.labels());
        assertThat(next.seriesId()).isEqualTo(first.seriesId());
    }
}
