package io.slowburn.detector.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slowburn.engine.Route;
import io.slowburn.model.Verdict;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The detector's own metrics: records in and out, dead letters, alerts by verdict, late and over-limit samples,
 * series tracked, state bytes, rule states read back from the store. Shared by all stream threads; never throws into
 * the processing path.
 *
 * <p>The Prometheus names are a contract (the README's Self-metrics paragraph, the alerting rules in
 * {@code deploy/prometheus} and the dashboard in {@code deploy/grafana} use them; SelfMetricsDocumentedTest scrapes a
 * running detector and compares). So counters of things carry no base unit: Micrometer would append it, turning
 * {@code slowburn.records.in} into {@code slowburn_records_in_records_total}. Counters whose label values are known
 * up front (routes, reload outcomes, verdicts) are registered at start at 0, so a rate or an alert on them works
 * from the first scrape rather than from the first increment.
 */
public final class DetectorMetrics implements MeterBinder {

    private final AtomicLong seriesTracked = new AtomicLong();
    private final AtomicLong stateBytes = new AtomicLong();
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<Route, Counter> out = new EnumMap<>(Route.class);
    private final Map<Verdict, Counter> alerts = new EnumMap<>(Verdict.class);
    private final Map<String, Counter> suppressed = new ConcurrentHashMap<>();
    private final Map<Boolean, Counter> reloads = new ConcurrentHashMap<>();
    /** Per stage, the event time each of its tasks in this instance has reached. */
    private final Map<String, Map<String, Long>> watermarks = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private Counter dlq;
    private Counter late;
    private Counter overLimit;
    private Counter statesLoaded;

    private DetectorMetrics() {
    }

    /** Metrics bound to a registry (e.g. the Prometheus one). */
    public static DetectorMetrics create(MeterRegistry registry) {
        DetectorMetrics m = new DetectorMetrics();
        m.bindTo(registry);
        return m;
    }

    /** Metrics kept but not exported: tests and backtest. */
    public static DetectorMetrics detached() {
        return create(new SimpleMeterRegistry());
    }

    @Override
    public void bindTo(MeterRegistry r) {
        this.registry = r;
        dlq = Counter.builder("slowburn.dlq.records").description("Malformed records sent to the dead-letter topic").register(r);
        late = Counter.builder("slowburn.samples.late").description("Observations older than their analysis' lateness, dropped")
                .register(r);
        overLimit = Counter.builder("slowburn.series.over.limit")
                .description("Samples of new series dropped because their source reached the series limit").register(r);
        for (Verdict v : Verdict.values()) {
            alerts.put(v, Counter.builder("slowburn.alerts").description("Alerts emitted, by verdict")
                    .tag("verdict", v.wire()).register(r));
        }
        for (Route route : Route.values()) {
            out.put(route, Counter.builder("slowburn.records.out").description("Records written, by route")
                    .tag("route", route.name().toLowerCase(Locale.ROOT)).register(r));
        }
        for (boolean accepted : new boolean[] {true, false}) {
            reloads.put(accepted, Counter.builder("slowburn.rules.reloads")
                    .description("Rule reloads (directory or rules topic), by outcome")
                    .tag("outcome", accepted ? "accepted" : "rejected").register(r));
        }
        statesLoaded = Counter.builder("slowburn.rule.states.loaded")
                .description("Rule states read back from the state store because they were not in memory: after a "
                        + "start or a rebalance, and whenever a task tracks more than state.cache.rule.states")
                .register(r);
        Gauge.builder("slowburn.series.tracked", seriesTracked, AtomicLong::get)
                .description("Rule states held (one per rule and series or source)").register(r);
        Gauge.builder("slowburn.state.bytes", stateBytes, AtomicLong::get)
                .description("Bytes of analysis state held").baseUnit("bytes").register(r);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn(String topic) {
        Counter c = in.get(topic); // once per record: no lambda made for a counter that exists
        if (c == null) {
            c = in.computeIfAbsent(topic, t -> Counter.builder("slowburn.records.in").description("Records read, by topic")
                    .tag("topic", t).register(registry));
        }
        c.increment();
    }

    public void recordOut(Route route) {
        out.get(route).increment();
        if (route == Route.DLQ) {
            dlq.increment();
        }
    }

    public void alert(Verdict verdict) {
        alerts.get(verdict).increment();
    }

    /** A firing finding an exception kept from alerting: {@code slowburn.findings.suppressed{exception=NAME}}. */
    public void suppressed(String exception) {
        suppressed.computeIfAbsent(exception, e -> Counter.builder("slowburn.findings.suppressed")
                .description("Firing findings not alerted because a named exception covers them (each one is audited)")
                .tag("exception", e).register(registry)).increment();
    }

    /** A rules reload: {@code slowburn.rules.reloads{outcome=accepted|rejected}}. */
    void rulesReload(boolean accepted) {
        reloads.get(accepted).increment();
    }

    public double suppressedCount(String exception) {
        Counter c = suppressed.get(exception);
        return c == null ? 0 : c.count();
    }

    public double reloadCount(boolean accepted) {
        return reloads.get(accepted).count();
    }

    /**
     * How far in event time a task of a stage has come: for {@code intake} the event time it has accepted, for the
     * {@code source} and {@code verdict} stages their low watermark. The gauge {@code slowburn.watermark{stage}} shows
     * the lowest over the stage's tasks in this instance, so a stage that stopped following the intake (a stall) shows
     * as a growing gap between the two.
     */
    public void watermark(String stage, String task, long eventTime) {
        Map<String, Long> tasks = watermarks.get(stage); // at every heartbeat: no method reference made for a gauge that exists
        if (tasks == null) {
            tasks = watermarks.computeIfAbsent(stage, this::watermarkGauge);
        }
        tasks.put(task, eventTime);
    }

    /** A task of {@code stage} closed (rebalance, shutdown): it no longer holds the stage's gauge back. */
    public void watermarkGone(String stage, String task) {
        Map<String, Long> tasks = watermarks.get(stage);
        if (tasks != null) {
            tasks.remove(task);
        }
    }

    /** The gauge of {@code stage} (NaN while none of its tasks has reported), for tests. */
    public double watermark(String stage) {
        Map<String, Long> tasks = watermarks.get(stage);
        return tasks == null ? Double.NaN : lowest(tasks);
    }

    private Map<String, Long> watermarkGauge(String stage) {
        Map<String, Long> tasks = new ConcurrentHashMap<>();
        Gauge.builder("slowburn.watermark", tasks, DetectorMetrics::lowest).tag("stage", stage).strongReference(true)
                .description("Event time (epoch ms) the stage has reached: the lowest over its tasks in this instance")
                .register(registry);
        return tasks;
    }

    private static double lowest(Map<String, Long> tasks) {
        double lowest = Double.NaN;
        for (long t : tasks.values()) {
            lowest = Double.isNaN(lowest) ? t : Math.min(lowest, t);
        }
        return lowest;
    }

    public void lateDropped() {
        late.increment();
    }

    public void overLimit() {
        overLimit.increment();
    }

    /** A rule state read back from its store and deserialized (not in the task's write-back cache). */
    public void ruleStateLoaded() {
        statesLoaded.increment();
    }

    public double ruleStatesLoadedCount() {
        return statesLoaded.count();
    }

    public void seriesTracked(long delta) {
        seriesTracked.addAndGet(delta);
    }

    public void stateBytes(long delta) {
        stateBytes.addAndGet(delta);
    }

    public long dlqCount() {
        return (long) dlq.count();
    }

    public long seriesTracked() {
        return seriesTracked.get();
    }

    public long stateBytes() {
        return stateBytes.get();
    }

    public double overLimitCount() {
        return overLimit.count();
    }
}
