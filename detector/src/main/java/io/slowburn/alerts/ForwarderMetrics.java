package io.slowburn.alerts;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics of {@code alerts forward}, per output (tag {@code output}, the output's {@link AlertOutput#name()}):
 * {@code slowburn.alerts.forward.delivered} (alerts it took), {@code .failed} (attempts that did not deliver: a
 * retry or a refusal), {@code .retried} (attempts after an alert's first), {@code .dead.lettered} (alerts it never
 * took, in the dead letter); {@code slowburn.alerts.forward.unreadable} (records that are not alerts, in the dead
 * letter) and the gauge {@code slowburn.alerts.forward.lag.offsets} (offsets of the forwarder's partitions not yet
 * read: how far it is behind). Kept as plain adders (the forwarder works without a registry) and exposed as function
 * counters, every output's at 0 from the start. The Prometheus names are documented in the README (Alert outputs)
 * and checked against a scrape (AlertForwarderTest). Counters of things carry no base unit, as in
 * {@code DetectorMetrics}: Micrometer would append it to the name.
 */
public final class ForwarderMetrics implements MeterBinder {

    /** The counters of one output. */
    static final class PerOutput {
        final LongAdder delivered = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
    }

    private final Map<String, PerOutput> outputs = new LinkedHashMap<>();
    private final LongAdder unreadable = new LongAdder();
    private final AtomicLong lag = new AtomicLong();

    ForwarderMetrics(List<AlertOutput> outputs) {
        outputs.forEach(o -> this.outputs.put(o.name(), new PerOutput()));
    }

    /** One alert's delivery to {@code output}, as the retrier reports it (stopped: its attempts only, no outcome). */
    void delivery(AlertOutput output, Retrier.Result result) {
        PerOutput o = outputs.get(output.name());
        boolean delivered = !result.stopped() && result.last().isDelivered();
        if (!result.stopped()) {
            (delivered ? o.delivered : o.deadLettered).increment();
        }
        o.failed.add(result.attempts() - (delivered ? 1 : 0));
        o.retried.add(result.attempts() - 1L);
    }

    void unreadable() {
        unreadable.increment();
    }

    void lag(long records) {
        lag.set(records);
    }

    public long delivered(String output) {
        return outputs.get(output).delivered.sum();
    }

    public long failed(String output) {
        return outputs.get(output).failed.sum();
    }

    public long retried(String output) {
        return outputs.get(output).retried.sum();
    }

    public long deadLettered(String output) {
        return outputs.get(output).deadLettered.sum();
    }

    public long lag() {
        return lag.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, PerOutput> e : outputs.entrySet()) {
            counter(registry, "slowburn.alerts.forward.delivered", "alerts the output took", e.getKey(), e.getValue().delivered);
            counter(registry, "slowburn.alerts.forward.failed", "attempts that did not deliver (a retry or a refusal)", e.getKey(),
                    e.getValue().failed);
            counter(registry, "slowburn.alerts.forward.retried", "attempts after an alert's first", e.getKey(), e.getValue().retried);
            counter(registry, "slowburn.alerts.forward.dead.lettered", "alerts the output never took, in the dead letter", e.getKey(),
                    e.getValue().deadLettered);
        }
        FunctionCounter.builder("slowburn.alerts.forward.unreadable", unreadable, LongAdder::doubleValue)
                .description("records of the alert topic that are not alerts, in the dead letter").register(registry);
        Gauge.builder("slowburn.alerts.forward.lag.offsets", lag, AtomicLong::get)
                .description("offsets of the assigned partitions not yet read (a transaction marker takes one)").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, String output, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).tag("output", output).description(description).register(registry);
    }
}
