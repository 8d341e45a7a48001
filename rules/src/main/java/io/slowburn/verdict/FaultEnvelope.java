package io.slowburn.verdict;

import io.slowburn.model.Fault;
import io.slowburn.model.Signal;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which signals each fault can cause: an experiment sanctions only findings whose signal is in the envelope of its
 * declared faults. The table (also in {@code rules/VERDICTS.md}):
 * <pre>
 * process.kill        crash_loop
 * process.spawn       process_churn, unexpected_exec
 * memory.pressure     memory_drift, gc_pressure
 * cpu.pressure        latency_drift, gc_pressure
 * fd.exhaustion       fd_exhaustion
 * network.latency     latency_drift, retry_storm
 * network.loss        retry_storm, queue_growth, latency_drift
 * dependency.failure  retry_storm, queue_growth, latency_drift
 * </pre>
 * {@code anomaly} (generic) is in no envelope: nothing sanctions it.
 */
public final class FaultEnvelope {

    private static final Map<Fault, Set<Signal>> TABLE;

    static {
        Map<Fault, Set<Signal>> t = new EnumMap<>(Fault.class);
        t.put(Fault.PROCESS_KILL, EnumSet.of(Signal.CRASH_LOOP));
        t.put(Fault.PROCESS_SPAWN, EnumSet.of(Signal.PROCESS_CHURN, Signal.UNEXPECTED_EXEC));
        t.put(Fault.MEMORY_PRESSURE, EnumSet.of(Signal.MEMORY_DRIFT, Signal.GC_PRESSURE));
        t.put(Fault.CPU_PRESSURE, EnumSet.of(Signal.LATENCY_DRIFT, Signal.GC_PRESSURE));
        t.put(Fault.FD_EXHAUSTION, EnumSet.of(Signal.FD_EXHAUSTION));
        t.put(Fault.NETWORK_LATENCY, EnumSet.of(Signal.LATENCY_DRIFT, Signal.RETRY_STORM));
        t.put(Fault.NETWORK_LOSS, EnumSet.of(Signal.RETRY_STORM, Signal.QUEUE_GROWTH, Signal.LATENCY_DRIFT));
        t.put(Fault.DEPENDENCY_FAILURE, EnumSet.of(Signal.RETRY_STORM, Signal.QUEUE_GROWTH, Signal.LATENCY_DRIFT));
        for (Map.Entry<Fault, Set<Signal>> e : t.entrySet()) {
            e.setValue(Collections.unmodifiableSet(e.getValue()));
        }
        TABLE = Collections.unmodifiableMap(t);
    }

    private FaultEnvelope() {
    }

    /** The signals one fault can cause. */
    public static Set<Signal> of(Fault fault) {
        return TABLE.getOrDefault(fault, Set.of());
    }

    /** The union of the signals the faults can cause. */
    public static Set<Signal> of(Collection<Fault> faults) {
        Set<Signal> s = EnumSet.noneOf(Signal.class);
        for (Fault f : faults) {
            s.addAll(of(f));
        }
        return Collections.unmodifiableSet(s);
    }

    /** Whether any of the faults can cause the signal. */
    public static boolean covers(Collection<Fault> faults, Signal signal) {
        for (Fault f : faults) {
            if (of(f).contains(signal)) {
                return true;
            }
        }
        return false;
    }

    /** The whole table. */
    public static Map<Fault, Set<Signal>> table() {
        return TABLE;
    }
}
