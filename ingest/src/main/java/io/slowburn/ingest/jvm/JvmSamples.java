package io.slowburn.ingest.jvm;

import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The contract's JVM samples, the same whether read in-process or over JMX. */
final class JvmSamples {

    private JvmSamples() {
    }

    /**
     * @param heapMax bytes, or a non-positive value when undefined (then no limit)
     * @param gcSeconds cumulative GC time in seconds, or a negative value when unknown (then no sample)
     */
    static List<MetricSample> of(long ts, String source, double heapUsed, double heapMax, double gcSeconds, double threads) {
        List<MetricSample> out = new ArrayList<>(3);
        out.add(new MetricSample(ts, source, "jvm.memory.used", Map.of("area", "heap"), heapUsed, MetricType.GAUGE,
                heapMax > 0 ? heapMax : null, "bytes"));
        if (gcSeconds >= 0) {
            out.add(new MetricSample(ts, source, "jvm.gc.time", Map.of(), gcSeconds, MetricType.COUNTER, null, "seconds"));
        }
        if (threads >= 0) {
            out.add(new MetricSample(ts, source, "jvm.threads.live", Map.of(), threads, MetricType.GAUGE, null, null));
        }
        return out;
    }
}
