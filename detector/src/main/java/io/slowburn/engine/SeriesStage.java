package io.slowburn.engine;

import io.slowburn.analysis.Keying;
import io.slowburn.detector.service.DetectorMetrics;
import io.slowburn.model.Event;
import io.slowburn.model.MetricSample;
import io.slowburn.model.MetricType;
import io.slowburn.rules.Rule;
import io.slowburn.rules.RuleSet;
import io.slowburn.verdict.AbortCondition;
import io.slowburn.verdict.SanctionPolicy;
import io.slowburn.verdict.VerifiedExperiment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The first stage, by series: evaluates series-keyed rules against their compact state, watches counters for resets,
 * checks running experiments' {@code abort_when} conditions, and passes samples of source-keyed rules on to the source
 * stage. New series beyond a source's limit are dropped and reported once. Kafka-free: the topology's
 * {@code SeriesStageProcessor} and {@code backtest} both drive it.
 */
public final class SeriesStage {

    /** How many series' slots are kept ({@link SeriesSlot}: tens of bytes each). */
    private static final int MATCHED_SERIES = 65_536;

    /**
     * What the stage needs to know of its configuration; {@code cachedStates}: how many rule states stay objects in
     * memory between observations ({@link RuleEvaluator#RuleEvaluator(KeyValueState, DetectorMetrics, int)}).
     */
    public record Settings(long ttlMs, int seriesPerSource, int cachedStates) {
    }

    private final RuleBook rules;
    private final InternalCodec codec;
    private final DetectorMetrics metrics;
    private final ExperimentCatalog catalog;
    private final SanctionPolicy sanctions;
    private final Set<String> abortsTriggered = new HashSet<>();
    private List<VerifiedExperiment> abortable = List.of();
    /** The metrics that some condition of {@link #abortable} reads: a sample of any other cannot trigger an abort. */
    private Set<String> abortMetrics = Set.of();
    private long abortableAt = -1;
    private String abortableKeys = "";
    private final ExperimentRegistryView registry;
    private final RuleEvaluator evaluator;
    private final KeyValueState counters;
    private final CardinalityLimiter limiter;
    private final IntakeClock clock;
    private final long ttl;
    private final Emitter out;
    /** {@link #sweep}, made once: {@link #duties()} runs after every record. */
    private final LongConsumer sweep = this::sweep;
    /** What the stage keeps of each series ({@link #slotOf}), under the rule set {@link #matchedBy}. */
    private final Map<String, SeriesSlot> slots = new HashMap<>();
    /** The series whose counter's last value is newer than the counters' state, in the order they changed. */
    private final List<String> dirtyCounters = new ArrayList<>();
    /** Recent series' ids, each with its slot of {@link #slotEpoch} attached. */
    private final RecentSeriesIds<SeriesSlot> seriesIds = new RecentSeriesIds<>();
    private RuleSet matchedBy;
    /** Moved on whenever the slots are forgotten, so that none attached to a series id before is taken after. */
    private long slotEpoch;

    public SeriesStage(RuleBook rules, InternalCodec codec, DetectorMetrics metrics, ExperimentCatalog catalog, SanctionPolicy sanctions,
                       Settings settings, KeyValueState series, KeyValueState index, KeyValueState counters,
                       ExperimentRegistryView registry, IntakeClock clock, Emitter out) {
        this.rules = rules;
        this.codec = codec;
        this.metrics = metrics;
        this.catalog = catalog;
        this.sanctions = sanctions;
        this.registry = registry;
        this.evaluator = new RuleEvaluator(series, metrics, settings.cachedStates());
        this.counters = counters;
        this.limiter = new CardinalityLimiter(index, settings.seriesPerSource());
        this.clock = clock;
        this.ttl = settings.ttlMs();
        this.out = out;
    }

    public IntakeClock clock() {
        return clock;
    }

    /**
     * Folds one parsed sample in; returns why it is rejected (for the dead-letter topic), or {@code null}. Then call
     * {@link #duties()}.
     */
    public String accept(MetricSample sample) {
        return accept(sample, IntakeClock.NO_ARRIVAL);
    }

    /** As {@link #accept(MetricSample)}, for a record the broker received at {@code arrival}. */
    public String accept(MetricSample sample, long arrival) {
        String misfit = clock.admit(sample.source(), sample.ts(), arrival);
        if (misfit != null) {
            return misfit;
        }
        String series = seriesIds.of(sample);
        SeriesSlot slot = slotOf(series);
        if (slot == null || sample.ts() > slot.quietUntil) {
            CardinalityLimiter.Admission admission = limiter.admit(sample.source(), series, sample.ts());
            if (admission == CardinalityLimiter.Admission.REJECTED || admission == CardinalityLimiter.Admission.REJECTED_FIRST) {
                metrics.overLimit();
                if (admission == CardinalityLimiter.Admission.REJECTED_FIRST) {
                    emit(VerdictDesk.FLEET, Route.FINDING, codec.write(limiter.finding(sample)), sample.ts());
                }
                return null;
            }
            if (slot == null) {
                slot = newSlot(series, sample); // admitted series only: a flood of rejected ones takes no room here
            }
            slot.quietUntil = limiter.quietUntil(series);
        }
        checkAbortConditions(sample);
        if (sample.type() == MetricType.COUNTER && rules.wantsCounterResets()) {
            watchCounter(sample, series, slot);
        }
        boolean passedOn = false;
        for (int i = 0; i < slot.rules.size(); i++) {
            Rule rule = slot.rules.get(i);
            if (rule.analysis().keying() == Keying.SOURCE) {
                if (!passedOn) {
                    emit(sample.source(), Route.BY_SOURCE, ObservationBytes.metric(sample), sample.ts());
                    passedOn = true;
                }
                continue;
            }
            // A series-keyed rule keeps its state under the series id (Rule.stateKey), computed once above.
            Optional<FindingTransition> t = evaluator.evaluate(rule, series, slot.stateKeys[i], sample);
            if (t.isPresent()) {
                emit(VerdictDesk.FLEET, Route.FINDING, codec.write(t.get()), sample.ts());
            }
        }
        return null;
    }

    /**
     * The series' slot ({@link SeriesSlot}), or null for a series not seen since the slots were last forgotten: a rule
     * selects samples by metric, labels and source, which the series id holds (injectively), never by value or time, so
     * a series' rules are matched once per rule set. Bounded: forgotten all at once past {@link #MATCHED_SERIES} series,
     * at every change of the rules and at every sweep (the counters' last values written into their state first).
     */
    private SeriesSlot slotOf(String series) {
        RuleSet current = rules.rules();
        if (current != matchedBy || slots.size() >= MATCHED_SERIES) {
            forgetSlots();
            matchedBy = current;
        }
        SeriesSlot slot = seriesIds.attached(slotEpoch);
        if (slot == null) {
            slot = slots.get(series);
            if (slot != null) {
                seriesIds.attach(slot, slotEpoch);
            }
        }
        return slot;
    }

    private SeriesSlot newSlot(String series, MetricSample sample) {
        List<Rule> rs = matchedBy.matching(sample);
        String[] keys = new String[rs.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RuleEvaluator.storeKey(rs.get(i), series);
        }
        SeriesSlot slot = new SeriesSlot(rs, keys);
        slots.put(series, slot);
        seriesIds.attach(slot, slotEpoch);
        return slot;
    }

    private void forgetSlots() {
        flushCounters();
        slots.clear();
        slotEpoch++;
    }

    /**
     * What the stage keeps of one series between its samples, so that a sample costs one map lookup at most (none when
     * its series id is recent: {@link RecentSeriesIds}): its matching rules and, for each, where its state is kept
     * ({@link RuleEvaluator#storeKey}); until when the series index needs no visit ({@link CardinalityLimiter#quietUntil});
     * a counter's last value, written into the counters' state at {@link #flushCounters()}.
     */
    private static final class SeriesSlot {
        final List<Rule> rules;
        final String[] stateKeys;
        /** Up to this event time the series is known to the index and its entry needs no refresh. */
        long quietUntil = Long.MIN_VALUE;
        /** Whether the counter's last value below was read from the counters' state (or set since). */
        boolean counterRead;
        /** Whether there is one: a counter seen before. */
        boolean counterSeen;
        long counterTs;
        double counterValue;
        /** Whether the last value is newer than the counters' state. */
        boolean counterDirty;

        SeriesSlot(List<Rule> rules, String[] stateKeys) {
            this.rules = rules;
            this.stateKeys = stateKeys;
        }
    }

    /** What the intake owes the later stages after each record, accepted or not: heartbeats, and the idle sweep. */
    public void duties() {
        clockDuties(clock, metrics, out, ttl, sweep);
    }

    /**
     * What an intake task owes the later stages as its accepted event time moves: a heartbeat (its progress, for
     * their watermark) every {@code watermark.interval.ms}, and a sweep of idle state every
     * {@code state.sweep.interval.ms}.
     */
    static void clockDuties(IntakeClock clock, DetectorMetrics metrics, Emitter out, long ttl, LongConsumer sweep) {
        if (clock.heartbeatDue()) {
            long at = clock.accepted();
            metrics.watermark("intake", clock.task(), at);
            String key = Watermarks.KEY_PREFIX + clock.task();
            // Not counted as records out here: live, a heartbeat owed may be superseded before it is written
            // (HeldHeartbeats counts what it sends).
            out.emit(key, Route.BY_SOURCE, clock.heartbeat(), at);
            out.emit(key, Route.FINDING, clock.heartbeat(), at);
        }
        if (sweep != null && clock.sweepDue(ttl)) {
            sweep.accept(clock.accepted() - ttl);
        }
    }

    /** Metric abort_when conditions of running experiments: each met one is sent (once per task) to the verdict stage. */
    private void checkAbortConditions(MetricSample sample) {
        if (registry.isEmpty()) {
            return; // the common case: no experiment declared
        }
        List<VerifiedExperiment> candidates = abortable();
        if (!abortMetrics.contains(sample.metric())) {
            return; // no condition reads this metric (AbortCondition#matches: the metric's name first)
        }
        // Only experiments in their window can trigger, and one that triggered here never does again: most samples have
        // none left to check.
        List<VerifiedExperiment> experiments = null;
        for (VerifiedExperiment e : candidates) {
            if (sanctions.inWindow(e.declaration(), sample.ts()) && !abortsTriggered.contains(e.id())) {
                if (experiments == null) {
                    experiments = new ArrayList<>(2);
                }
                experiments.add(e);
            }
        }
        if (experiments == null) {
            return;
        }
        for (var trigger : sanctions.abortTriggers(sample, experiments)) {
            if (abortsTriggered.add(trigger.experimentId())) {
                emit(VerdictDesk.FLEET, Route.FINDING,
                        codec.abortTrigger(trigger.experimentId(), sample.source(), trigger.reason(), sample.ts()), sample.ts());
            }
        }
    }

    /**
     * The authentic declared experiments with {@code abort_when} conditions (the only ones that can trigger an abort),
     * derived again only when the registry or the trusted keys changed, not for every sample.
     */
    private List<VerifiedExperiment> abortable() {
        long version = registry.version();
        String keys = catalog.keysFingerprint();
        if (version < 0 || version != abortableAt || !keys.equals(abortableKeys)) {
            List<VerifiedExperiment> out = new ArrayList<>();
            Set<String> metrics = new HashSet<>();
            Map<String, byte[]> declared = registry.all();
            if (!declared.isEmpty()) {
                for (VerifiedExperiment e : catalog.verified(declared)) {
                    if (e.authentic() && !e.declaration().abortWhen().isEmpty()) {
                        out.add(e);
                        for (AbortCondition c : e.declaration().abortWhen()) {
                            if (c.metric() != null) {
                                metrics.add(c.metric());
                            }
                        }
                    }
                }
            }
            abortable = out;
            abortMetrics = metrics;
            abortableAt = version;
            abortableKeys = keys;
        }
        return abortable;
    }

    /** A counter that drops is a process restart: a derived counter.reset event for the source stage. */
    private void watchCounter(MetricSample sample, String series, SeriesSlot slot) {
        if (!slot.counterRead) {
            slot.counterRead = true;
            byte[] last = counters.get(series);
            if (last != null) {
                ByteBuffer b = ByteBuffer.wrap(last);
                slot.counterSeen = true;
                slot.counterTs = b.getLong();
                slot.counterValue = b.getDouble();
            }
        }
        boolean seen = slot.counterSeen;
        long lastTs = slot.counterTs;
        double lastValue = slot.counterValue;
        slot.counterSeen = true;
        slot.counterTs = sample.ts();
        slot.counterValue = sample.value();
        if (!slot.counterDirty) {
            slot.counterDirty = true;
            dirtyCounters.add(series);
        }
        if (!seen) {
            return;
        }
        if (sample.ts() >= lastTs && sample.value() < lastValue) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("metric", sample.metric());
            attrs.put("series", series);
            attrs.put("previous", lastValue);
            attrs.put("value", sample.value());
            var n = codec.records().toJson(new Event(sample.ts(), sample.source(), Event.COUNTER_RESET, attrs));
            n.put("stream", "event");
            emit(sample.source(), Route.BY_SOURCE, codec.records().bytes(n), sample.ts());
        }
    }

    /**
     * Writes the counters' last values changed since the last call into the counters' state: live, before that state
     * is written into its store at every commit ({@code SeriesStageProcessor}), and before any scan of it.
     */
    public void flushCounters() {
        for (String series : dirtyCounters) {
            SeriesSlot slot = slots.get(series);
            slot.counterDirty = false;
            counters.put(series, ByteBuffer.allocate(16).putLong(slot.counterTs).putDouble(slot.counterValue).array());
        }
        dirtyCounters.clear();
    }

    private void emit(String key, Route route, byte[] value, long ts) {
        metrics.recordOut(route);
        out.emit(key, route, value, ts);
    }

    /** Writes the rule states and the counters' last values changed since the last flush into their state: live, before every commit. */
    public void flush() {
        evaluator.flush();
        flushCounters();
    }

    /** Flushes (a task suspended for a rebalance commits after its processors closed), and stops its gauges. */
    public void close() {
        flush();
        clock.flush();
        metrics.watermarkGone("intake", clock.task());
    }

    private void sweep(long cutoff) {
        forgetSlots(); // the sweep below deletes index entries and counters' last values that slots may hold
        evaluator.sweep(cutoff);
        limiter.sweep(cutoff);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, byte[]> kv : counters.all()) {
            if (ByteBuffer.wrap(kv.getValue()).getLong() < cutoff) {
                stale.add(kv.getKey());
            }
        }
        stale.forEach(counters::delete);
    }
}
