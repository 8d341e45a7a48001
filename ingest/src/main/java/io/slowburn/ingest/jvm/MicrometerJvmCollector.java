package io.slowburn.ingest.jvm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slowburn.ingest.Collector;
import io.slowburn.model.Observation;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM it runs in, through Micrometer's JVM binders on a private {@link SimpleMeterRegistry} (private so that
 * an application's own registry is neither polluted nor required):
 * <ul>
 * <li>{@code jvm.memory.used{area=heap}} = sum of the heap pools' {@code jvm.memory.used}; limit = the heap max
 *     from the {@code MemoryMXBean} (G1's young pools report max -1, so summing pool maxima is unreliable);</li>
 * <li>{@code jvm.gc.time} = total time of {@code jvm.gc.pause} plus {@code jvm.gc.concurrent.phase.time}, in
 *     seconds. Micrometer records GC notifications from the moment it is bound, so this counter starts at 0 when
 *     the collector starts (a restart looks like a counter reset, which it is);</li>
 * <li>{@code jvm.threads.live}.</li>
 * </ul>
 */
public final class MicrometerJvmCollector implements Collector {

    private final String source;
    private final Clock clock;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public MicrometerJvmCollector(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    @Override
    public List<Observation> poll() {
        double heapUsed = registry.find("jvm.memory.used").tag("area", "heap").gauges().stream().mapToDouble(Gauge::value)
                .filter(Double::isFinite).sum();
        double heapMax = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        double gc = seconds("jvm.gc.pause") + seconds("jvm.gc.concurrent.phase.time");
        Gauge live = registry.find("jvm.threads.live").gauge();
        double threads = live == null ? -1 : live.value();
        return new ArrayList<>(JvmSamples.of(clock.millis(), source, heapUsed, heapMax, gc, threads));
    }

    private double seconds(String timer) {
        return registry.find(timer).timers().stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
    }

    /** For tests: the pause timers seen so far. */
    int gcTimers() {
        return registry.find("jvm.gc.pause").timers().size() + registry.find("jvm.gc.concurrent.phase.time").timers().size();
    }

    @Override
    public List<String> capabilities() {
        return List.of();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

}
