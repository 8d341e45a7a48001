package io.slowburn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slowburn.model.MetricSample;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentSeriesIdsTest {

    private final RecentSeriesIds ids = new RecentSeriesIds();

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
}
