package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.MetricSample;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentSeriesIdsTest {

    private final RecentSeriesIds<Object> ids = new RecentSeriesIds<>();

    @Test
    void shouldServeTheIdBuiltForTheSameObjectsAgain() {
        MetricSample first = MetricSample.gauge(1L, "host-1", "jvm.heap.used", Map.of("pool", "old"), 1.0);
        MetricSample next = MetricSample.gauge(2L, first.source(), first.metric(), first.labels(), 2.0);
        String id = ids.of(first);
        assertThat(id).isEqualTo(first.seriesId());
        assertThat(ids.of(next)).isSameAs(id);
    }

    /** Whatever the samples, and however their objects repeat, the id is the sample's own. */
    @Test
    void shouldAlwaysBeTheSamplesSeriesId() {
        Random random = new Random(16);
        String[] sources = {"host-1", "host-2", "a|b", "a\\b"};
        String[] metrics = {"m", "m,n", "m=1"};
        MetricSample[] seen = new MetricSample[64];
        for (int i = 0; i < 200_000; i++) {
            MetricSample s;
            int reuse = random.nextInt(seen.length);
            if (seen[reuse] != null && random.nextBoolean()) {
                MetricSample r = seen[reuse];
                s = MetricSample.gauge(i, random.nextInt(4) == 0 ? new String(r.source()) : r.source(), r.metric(),
                        random.nextInt(4) == 0 ? Map.copyOf(r.labels()) : r.labels(), i);
            } else {
                Map<String, String> labels = switch (random.nextInt(3)) {
                    case 0 -> Map.of();
                    case 1 -> Map.of("k", "v" + random.nextInt(3));
                    default -> Map.of("k", "v", "j,=", "w" + random.nextInt(3));
                };
                s = MetricSample.gauge(i, new String(sources[random.nextInt(sources.length)]),
                        new String(metrics[random.nextInt(metrics.length)]), labels, i);
            }
            seen[random.nextInt(seen.length)] = s;
            assertThat(ids.of(s)).isEqualTo(s.seriesId());
        }
    }

    /**
     * What is attached to a series' entry is only ever handed back for that series and under the same epoch: another
     * series taking the entry, or the epoch moving on (the stage forgot its slots), leaves nothing attached.
     */
    @Test
    void shouldHandBackWhatWasAttachedOnlyForTheSameSeriesUnderTheSameEpoch() {
        Random random = new Random(17);
        Map<String, Object> attachedThisEpoch = new HashMap<>();
        MetricSample[] seen = new MetricSample[5_000];
        long epoch = 0;
        int handedBack = 0;
        for (int i = 0; i < 300_000; i++) {
            if (random.nextInt(20_000) == 0) {
                epoch++;
                attachedThisEpoch.clear();
            }
            int reuse = random.nextInt(seen.length);
            MetricSample s = seen[reuse] != null && random.nextInt(4) > 0
                    ? MetricSample.gauge(i, seen[reuse].source(), seen[reuse].metric(), seen[reuse].labels(), i)
                    : MetricSample.gauge(i, "host-" + random.nextInt(200), "m" + random.nextInt(10), Map.of(), i);
            seen[reuse] = s;
            String id = ids.of(s);
            Object value = ids.attached(epoch);
            if (value != null) {
                handedBack++;
                assertThat(value).isSameAs(attachedThisEpoch.get(id));
            } else {
                ids.attach(attachedThisEpoch.computeIfAbsent(id, k -> new Object()), epoch);
            }
        }
        assertThat(handedBack).as("the value is handed back often enough to be tested").isGreaterThan(50_000);
    }

    @Test
    void shouldAttachNothingUntilAskedAndForgetItWhenAnotherSeriesTakesTheEntry() {
        MetricSample first = MetricSample.gauge(1L, "host-1", "m", Map.of(), 1.0);
        ids.of(first);
        assertThat(ids.attached(0)).isNull();
        Object value = new Object();
        ids.attach(value, 0);
        ids.of(MetricSample.gauge(2L, first.source(), first.metric(), first.labels(), 2.0));
        assertThat(ids.attached(0)).isSameAs(value);
        assertThat(ids.attached(1)).as("another epoch").isNull();
        ids.of(MetricSample.gauge(3L, new String(first.source()), first.metric(), first.labels(), 3.0));
        assertThat(ids.attached(0)).as("the same series read into other objects: looked up again").isNull();
    }
}
