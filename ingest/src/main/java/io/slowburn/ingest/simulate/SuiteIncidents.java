package io.slowburn.ingest.simulate;

import io.slowburn.model.Fault;
import io.slowburn.model.Signal;
import io.slowburn.verdict.FaultEnvelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The suite's acute incidents and chaos experiments: each once per seed, at a random time after the first day, on
 * hosts without a slow leak when there is room (so that what fires on them is theirs), with random rates.
 *
 * <p>No incident's effect is placed inside the window of another signed experiment whose faults could cause it: an
 * unrelated effect on another host that begins while an experiment able to cause it runs is, to anyone watching, that
 * experiment escaping its scope, and {@code rules/VERDICTS.md} rightly calls it a breach (abort the experiment). Such a
 * coincidence would be labelled {@code suspicious} here and score a correct breach as a miss.
 */
final class SuiteIncidents {

    /**
     * How far around an effect another experiment's window must stay clear: the policy's onset tolerance (30 minutes)
     * before it with room to spare, and after its end the time its findings may still begin.
     */
    static final long CLEAR_BEFORE_MIN = 40;
    static final long CLEAR_AFTER_MIN = 60;
    /** The policy's recovery grace after a window's end: effects that begin then are still the experiment's. */
    static final long GRACE_MIN = 15;

    private static final long DAY_MIN = 1_440;
    private static final List<String> SENDERS = List.of("/usr/bin/kill", "/usr/bin/pkill", "/usr/local/bin/chaos-agent");
    private static final List<String> NAMES = List.of("kworkerd", "xmrig", "dbus-helper", "sshd-x", "updater", ".sysd");

    private final FleetSuite s;
    /** Effects placed so far: minutes {from, to} and the signals they raise. */
    private final List<Placed> effects = new ArrayList<>();
    /** Signed experiments' windows so far: minutes {start, end} and the signals their faults can cause. */
    private final List<Placed> windows = new ArrayList<>();

    /** A stretch of the scenario and the signals that go with it. */
    private record Placed(long from, long to, Set<Signal> signals, String owner) {

        boolean meets(Placed other) {
            return other.signals.stream().anyMatch(signals::contains) && !owner.equals(other.owner);
        }
    }

    SuiteIncidents(FleetSuite s) {
        this.s = s;
        // a slow leak's effect begins at its start and goes on for days: only its beginning can coincide with a window
        s.leakStarts().forEach(l -> effects.add(new Placed(l.getKey(), l.getKey(), Set.of(Signal.fromWire(l.getValue())),
                "leak@" + l.getKey())));
    }

    /** An effect of an incident or an experiment: what it is to the simulator, and the fault that would declare it. */
    private record Effect(String name, String kind, String fault, List<String> signals, long durationMin, Map<String, String> params) {
    }

    void all() {
        // the longest first, while there is room
        acute(effect("latency_drift"), 1);
        sanctioned();
        outOfWindow();
        outOfScope();
        forged();
        acute(effect("memory_ramp"), 1);
        acute(effect("latency_step"), 1);
        acute(effect("error_jump"), 1);
        acute(effect("retry_storm"), 1 + s.rng().nextInt(3));
        acute(effect("gc_pressure"), 1);
        acute(effect("crash_loop"), 1);
        acute(effect("fork_bomb"), 1);
        acute(effect("unexpected_exec"), 1);
    }

    private void acute(Effect e, int hostCount) {
        List<String> hosts = new ArrayList<>();
        long at = place(hostCount, e.durationMin(), hosts, start -> List.of(effectAt(e, start, e.name())), start -> List.of());
        s.yaml().incident(e.kind(), hosts, at, e.durationMin(), e.params(), s.label(e.name(), "suspicious", e.signals(), null));
    }

    /** Signed, in scope and window: deserves {@code sanctioned}, attributed to it. */
    private void sanctioned() {
        List<String> effects = List.of("kill", "memory_ramp", "retry", "gc");
        Effect e = effect(effects.get((int) Math.floorMod(s.seed(), (long) effects.size()))); // each one every four seeds
        long lead = s.minutes(10, 20);
        long tail = s.minutes(20, 40);
        List<String> hosts = new ArrayList<>();
        String id = "exp-sanctioned";
        long start = place(1, lead + e.durationMin() + tail, hosts, t -> List.of(effectAt(e, t + lead, id)),
                t -> List.of(window(e, t, t + lead + e.durationMin() + tail, id)));
        s.yaml().experiment(id, "sanctioned " + e.name() + " on " + hosts.get(0), hosts, e.fault(), start, start + lead + e.durationMin()
                + tail, null);
        s.yaml().incident(e.kind(), hosts, start + lead, e.durationMin(), e.params(), s.label("sanctioned_" + e.name(), "sanctioned",
                e.signals(), id));
    }

    /** Signed and in scope, but the effect comes hours after the declared window: {@code suspicious}. */
    private void outOfWindow() {
        Effect e = effect(s.pick(List.of("memory_ramp", "kill")));
        long window = 60;
        long gap = s.minutes(120, 240);
        List<String> hosts = new ArrayList<>();
        String id = "exp-late";
        long start = place(1, window + gap + e.durationMin(), hosts, t -> List.of(effectAt(e, t + window + gap, id)),
                t -> List.of(window(e, t, t + window, id)));
        s.yaml().experiment(id, e.name() + " on " + hosts.get(0) + ", declared for hours earlier", hosts, e.fault(), start,
                start + window, null);
        s.yaml().incident(e.kind(), hosts, start + window + gap, e.durationMin(), e.params(), s.label("experiment_out_of_window",
                "suspicious", e.signals(), id));
    }

    /** Signed for one host with a blast radius of one; the effect spreads to undeclared hosts: {@code breach}. */
    private void outOfScope() {
        boolean retry = s.rng().nextBoolean();
        Effect e = retry ? effect("retry") : effect("kill");
        int count = retry ? 2 + s.rng().nextInt(2) : 2;
        long lead = s.minutes(10, 20);
        long tail = s.minutes(20, 40);
        List<String> hosts = new ArrayList<>();
        String id = "exp-spread";
        long start = place(count, lead + e.durationMin() + tail, hosts, t -> List.of(effectAt(e, t + lead, id)),
                t -> List.of(window(e, t, t + lead + e.durationMin() + tail, id)));
        s.yaml().experiment(id, e.name() + " on " + hosts.get(0) + " only", List.of(hosts.get(0)), e.fault(), start,
                start + lead + e.durationMin() + tail, null);
        s.yaml().incident(e.kind(), hosts, start + lead, e.durationMin(), e.params(), s.label("experiment_out_of_scope", "breach",
                e.signals(), id));
    }

    /** In scope and window, but unsigned or altered after signing: sanctions nothing, {@code suspicious}. */
    private void forged() {
        Effect e = effect(s.pick(List.of("kill", "fork_bomb")));
        long lead = s.minutes(10, 20);
        long tail = s.minutes(20, 40);
        List<String> hosts = new ArrayList<>();
        // unsigned or altered: its window sanctions and breaches nothing, only its effect must stay clear of the others'
        long start = place(1, lead + e.durationMin() + tail, hosts, t -> List.of(effectAt(e, t + lead, "exp-forged")),
                t -> List.of());
        List<String> others = s.hosts().stream().filter(h -> !h.equals(hosts.get(0))).toList();
        String forgery = s.rng().nextBoolean() ? "unsigned" : s.pick(others);
        String id = "exp-forged";
        s.yaml().experiment(id, e.name() + " on " + hosts.get(0), hosts, e.fault(), start, start + lead + e.durationMin() + tail, forgery);
        s.yaml().incident(e.kind(), hosts, start + lead, e.durationMin(), e.params(), s.label("forged_experiment", "suspicious",
                e.signals(), id));
    }

    /**
     * A start for {@code count} hosts free for {@code spanMin}, where the effects and the signed windows that the start
     * gives keep clear of those placed before (see the class comment); they are recorded.
     */
    private long place(int count, long spanMin, List<String> hosts, LongFunction<List<Placed>> effectsAt,
                       LongFunction<List<Placed>> windowsAt) {
        long latest = s.options().durationMin() - spanMin - SuiteSlots.GUARD_AFTER_MIN;
        long start = s.slots().place(count, spanMin, DAY_MIN + 60, latest, s.freeHosts(), s.hosts(), hosts,
                t -> clear(effectsAt.apply(t), windowsAt.apply(t)));
        effects.addAll(effectsAt.apply(start));
        windows.addAll(windowsAt.apply(start));
        return start;
    }

    /** No new effect within a window (placed or new) that could cause it, no placed effect within a new window. */
    private boolean clear(List<Placed> newEffects, List<Placed> newWindows) {
        List<Placed> allWindows = new ArrayList<>(windows);
        allWindows.addAll(newWindows);
        for (Placed e : newEffects) {
            if (allWindows.stream().anyMatch(w -> within(e, w))) {
                return false;
            }
        }
        return newWindows.stream().noneMatch(w -> effects.stream().anyMatch(e -> within(e, w)));
    }

    /** Whether the effect begins while the window runs (or near enough) and the window's faults could cause it. */
    private static boolean within(Placed effect, Placed window) {
        return window.meets(effect) && effect.from() - CLEAR_BEFORE_MIN < window.to() + GRACE_MIN
                && window.from() < effect.to() + CLEAR_AFTER_MIN;
    }

    private static Placed effectAt(Effect e, long at, String owner) {
        return new Placed(at, at + e.durationMin(), e.signals().stream().map(Signal::fromWire).collect(Collectors.toSet()), owner);
    }

    private static Placed window(Effect e, long start, long end, String owner) {
        return new Placed(start, end, FaultEnvelope.of(Fault.fromWire(e.fault())), owner);
    }

    private Effect effect(String name) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (name) {
            case "latency_drift" -> {
                // +7 to +9 % of the normal p99 per hour, for 10 hours
                p.put("factor", SuiteYaml.num(1 + 10 * s.between(0.07, 0.09)));
                p.put("ramp", "600m");
                return new Effect(name, "latency_drift", "network.latency", List.of("latency_drift", "anomaly"), 600, p);
            }
            case "memory_ramp" -> {
                long ramp = s.minutes(30, 50);
                p.put("target", SuiteYaml.num(s.between(0.92, 0.95)));
                p.put("ramp", ramp + "m");
                return new Effect(name, "memory_ramp", "memory.pressure", List.of("memory_drift", "anomaly"), ramp + s.minutes(90, 120), p);
            }
            case "latency_step" -> {
                p.put("factor", SuiteYaml.num(s.between(2.0, 3.0)));
                p.put("ramp", "0s");
                return new Effect(name, "latency_drift", "network.latency", List.of("latency_drift", "anomaly"), 30, p);
            }
            case "error_jump" -> {
                p.put("ratio", SuiteYaml.num(s.between(0.05, 0.15)));
                return new Effect(name, "error_burst", "dependency.failure", List.of("anomaly"), s.minutes(30, 45), p);
            }
            case "retry_storm", "retry" -> {
                p.put("ratio", SuiteYaml.num(s.between(0.15, 0.35)));
                p.put("stagger", s.minutes(1, 5) + "m");
                p.put("latency_factor", SuiteYaml.num(s.between(1.2, 1.4)));
                return new Effect(name, "retry_storm", "network.latency", List.of("retry_storm"), s.minutes(40, 60), p);
            }
            case "gc_pressure", "gc" -> {
                p.put("fraction", SuiteYaml.num(s.between(0.35, 0.55)));
                p.put("ramp", s.minutes(15, 30) + "m");
                return new Effect(name, "gc_thrash", "memory.pressure", List.of("gc_pressure"), s.minutes(50, 70), p);
            }
            case "crash_loop", "kill" -> {
                p.put("interval", s.minutes(2, 4) + "m");
                p.put("sender", s.pick(SENDERS));
                p.put("signal", s.rng().nextBoolean() ? "SIGKILL" : "SIGTERM");
                return new Effect(name, "kill_storm", "process.kill", List.of("crash_loop"), s.minutes(16, 30), p);
            }
            case "fork_bomb" -> {
                p.put("rate_per_minute", Long.toString(s.minutes(30, 60)));
                p.put("exe", "/tmp/." + s.pick(NAMES) + "/" + s.pick(NAMES));
                p.put("user", "nobody");
                return new Effect(name, "fork_bomb", "process.spawn", List.of("process_churn", "unexpected_exec"), s.minutes(12, 20), p);
            }
            case "unexpected_exec" -> {
                p.put("exe", "/dev/shm/." + s.pick(NAMES));
                p.put("user", s.pick(List.of("nobody", "app", "www-data")));
                return new Effect(name, "unexpected_exec", "process.spawn", List.of("unexpected_exec"), 10, p);
            }
            default -> throw new IllegalArgumentException("unknown effect " + name);
        }
    }
}
