package io.slowburn.verdict;

import io.slowburn.model.Fault;
import io.slowburn.model.Finding;
import io.slowburn.model.MetricSample;
import io.slowburn.model.Signal;
import io.slowburn.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a finding is explained by a sanctioned chaos experiment ({@code sanctioned}), is an effect of one
 * that escaped its bounds ({@code breach}: abort it), or neither ({@code suspicious}). Pure and deterministic; the
 * rules are in {@code rules/VERDICTS.md}. In short, for each experiment the policy runs the checks
 * {@code authentic, in_scope, in_window, in_envelope, binary_allowed, blast_radius, abort_when}; an experiment is
 * <em>running</em> for a finding when it is authentic, the finding began ({@link Finding#since()}) within
 * {@code [start, end + grace]}, and the effect's onset as the analysis estimated it ({@link Finding#onset()}) is not
 * more than the onset tolerance before {@code start} (an effect already under way is not the experiment's). Then:
 * <ul>
 *   <li>sanctioned by E: every check of E passes;</li>
 *   <li>breach of E: E is running and (the signal is in E's envelope but the source is outside E's scope sources; or
 *       the source is in scope, the signal in the envelope, and the distinct affected sources exceed
 *       {@code max_sources}; or the source is in scope and an {@code abort_when} signal condition names the signal);</li>
 *   <li>otherwise suspicious for E.</li>
 * </ul>
 * Across experiments a sanction wins over a breach, and a breach over suspicion. Among equals: sanctioned and
 * breached experiments by later {@code start}, then smaller id; suspicious ones by the closest candidate first (the one
 * whose first failing check comes latest in the order above, then the most checks passed, then later start, then
 * smaller id). The decision lists the chosen experiment's checks.
 */
public final class SanctionPolicy {

    /** Default recovery grace: effects that begin up to 15 minutes after the window's end are still the experiment's. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

    /**
     * Default onset tolerance: an effect whose estimated onset lies more than 30 minutes before an experiment's start
     * began before it and is not the experiment's. Wider than the estimates' error (a bucket of the series, a tenth of
     * an event window, the placement of a ramp's start on a rung's buckets) and than the lead an experiment's
     * declaration usually has on its effect; rules/VERDICTS.md §6 says why it also bounds what a forged onset buys.
     */
    public static final Duration DEFAULT_ONSET_TOLERANCE = Duration.ofMinutes(30);

    /** What the policy needs from the caller besides the finding and the experiments. */
    public interface Context {

        /** Distinct sources already counted against the experiment's blast radius (before this finding). */
        Set<String> affectedSources(String experimentId);
    }

    private final Duration grace;
    private final Duration onsetTolerance;

    public SanctionPolicy() {
        this(DEFAULT_GRACE);
    }

    /** @param grace recovery grace after the window's end (zero or more) */
    public SanctionPolicy(Duration grace) {
        this(grace, DEFAULT_ONSET_TOLERANCE);
    }

    /**
     * @param grace recovery grace after the window's end (zero or more)
     * @param onsetTolerance how far before an experiment's start an effect's estimated onset may lie and the effect
     *                       still be the experiment's (zero or more)
     */
    public SanctionPolicy(Duration grace, Duration onsetTolerance) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive, got '" + grace + "'");
        }
        if (onsetTolerance == null || onsetTolerance.isNegative()) {
            throw new IllegalArgumentException("onset tolerance must be zero or positive, got '" + onsetTolerance + "'");
        }
        this.grace = grace;
        this.onsetTolerance = onsetTolerance;
    }

    public Duration grace() {
        return grace;
    }

    public Duration onsetTolerance() {
        return onsetTolerance;
    }

    /**
     * Whether the finding's effect began clearly before the experiment: its estimated onset lies more than the onset
     * tolerance before the start. The onset is the detector's own estimate from the series (never a record field) and
     * never later than {@code since}, so this only ever takes blame (a sanction or a breach) away, never adds it.
     */
    public boolean beganBefore(ExperimentDeclaration d, Finding f) {
        return f.onset() < d.start() - onsetTolerance.toMillis();
    }

    /** Whether {@code t} lies within {@code [start, end + grace]} of the declaration. */
    public boolean inWindow(ExperimentDeclaration d, long t) {
        return t >= d.start() && t <= d.end() + grace.toMillis();
    }

    public Decision decide(Finding finding, Collection<VerifiedExperiment> experiments, Context ctx) {
        Objects.requireNonNull(finding, "finding");
        Context context = ctx == null ? id -> Set.of() : ctx;
        List<Evaluation> evals = new ArrayList<>();
        if (experiments != null) {
            for (VerifiedExperiment e : experiments) {
                evals.add(evaluate(finding, e, context));
            }
        }
        String what = finding.signal().wire() + " on " + finding.source();
        Set<String> counts = new TreeSet<>();
        List<String> aborts = new ArrayList<>();
        for (Evaluation ev : evals) {
            if (ev.counts) {
                counts.add(ev.experiment.id());
            }
        }
        if (evals.isEmpty()) {
            return new Decision(Verdict.SUSPICIOUS, null, null, finding.source(), finding.signal(), List.of(),
                    "suspicious: " + what + " is not sanctioned: no experiment is declared", List.of(), counts);
        }
        evals.sort(ORDER);
        Evaluation best = evals.get(0);
        String id = best.experiment.id();
        switch (best.verdict) {
            case SANCTIONED -> {
                return new Decision(Verdict.SANCTIONED, id, id, finding.source(), finding.signal(), best.checks,
                        "sanctioned by experiment " + id + " (" + best.experiment.declaration().faultNames() + "): " + what
                                + " began within its scope and window", List.of(), counts);
            }
            case BREACH -> {
                for (Evaluation ev : evals) {
                    if (ev.verdict == Verdict.BREACH && !aborts.contains(ev.experiment.id())) {
                        aborts.add(ev.experiment.id());
                    }
                }
                return new Decision(Verdict.BREACH, id, id, finding.source(), finding.signal(), best.checks,
                        "breach of experiment " + id + ": " + best.breach.reason() + "; abort the experiment", aborts, counts);
            }
            default -> {
                Check failed = best.firstFailed();
                return new Decision(Verdict.SUSPICIOUS, null, id, finding.source(), finding.signal(), best.checks,
                        "suspicious: " + what + " is not sanctioned; closest experiment " + id + ": "
                                + (failed == null ? "no check passed" : failed.reason()), List.of(), counts);
            }
        }
    }

    /**
     * Metric {@code abort_when} conditions met by a sample: for each authentic experiment whose window (with grace)
     * contains the sample's time and whose scope sources contain its source, each metric condition the sample meets.
     * The caller turns each into an {@code abort} control command.
     */
    public List<AbortTrigger> abortTriggers(MetricSample sample, Collection<VerifiedExperiment> experiments) {
        List<AbortTrigger> out = new ArrayList<>();
        if (sample == null || experiments == null) {
            return out;
        }
        List<VerifiedExperiment> sorted = new ArrayList<>(experiments);
        sorted.sort(Comparator.comparing(VerifiedExperiment::id));
        for (VerifiedExperiment e : sorted) {
            ExperimentDeclaration d = e.declaration();
            if (!e.authentic() || !inWindow(d, sample.ts()) || !d.scope().coversSource(sample.source())) {
                continue;
            }
            for (AbortCondition c : d.abortWhen()) {
                if (c.matches(sample)) {
                    double shown = c.ofLimit() ? sample.value() / sample.limit() : sample.value();
                    out.add(new AbortTrigger(d.id(), c, "abort_when " + c + " met on " + sample.source() + ": "
                            + sample.metric() + (c.ofLimit() ? " / limit" : "") + " = " + shown
                            + " at " + Instant.ofEpochMilli(sample.ts())));
                }
            }
        }
        return out;
    }

    /** A metric abort condition that a sample met. */
    public record AbortTrigger(String experimentId, AbortCondition condition, String reason) {
    }

    // ---- evaluation of one experiment ----

    private static final Comparator<Evaluation> ORDER = Comparator
            .comparingInt((Evaluation e) -> rank(e.verdict))
            .thenComparingInt(e -> e.verdict == Verdict.SUSPICIOUS ? -e.firstFailIndex() : 0)
            .thenComparingInt(e -> e.verdict == Verdict.SUSPICIOUS ? -e.passed() : 0)
            .thenComparing(e -> -e.experiment.declaration().start())
            .thenComparing(e -> e.experiment.id());

    private static int rank(Verdict v) {
        return switch (v) {
            case SANCTIONED -> 0;
            case BREACH -> 1;
            case SUSPICIOUS -> 2;
        };
    }

    private static final class Evaluation {
        final VerifiedExperiment experiment;
        final List<Check> checks;
        final Verdict verdict;
        final boolean counts;
        /** The check that made it a breach, or {@code null}. */
        final Check breach;

        Evaluation(VerifiedExperiment experiment, List<Check> checks, Verdict verdict, boolean counts, Check breach) {
            this.experiment = experiment;
            this.checks = checks;
            this.verdict = verdict;
            this.counts = counts;
            this.breach = breach;
        }

        int firstFailIndex() {
            for (int i = 0; i < checks.size(); i++) {
                if (!checks.get(i).pass()) {
                    return i;
                }
            }
            return checks.size();
        }

        int passed() {
            int n = 0;
            for (Check c : checks) {
                n += c.pass() ? 1 : 0;
            }
            return n;
        }

        Check firstFailed() {
            int i = firstFailIndex();
            return i < checks.size() ? checks.get(i) : null;
        }
    }

    private Evaluation evaluate(Finding f, VerifiedExperiment e, Context ctx) {
        ExperimentDeclaration d = e.declaration();
        String id = d.id();
        Signal signal = f.signal();
        List<Check> checks = new ArrayList<>(7);

        boolean authentic = e.authentic();
        checks.add(new Check(Check.Name.AUTHENTIC, authentic, e.authenticity().explanation()));

        boolean sourceIn = d.scope().coversSource(f.source());
        boolean labelsIn = d.scope().coversLabels(f.labels());
        if (!sourceIn) {
            checks.add(Check.fail(Check.Name.IN_SCOPE, "source " + f.source() + " is outside the scope of experiment " + id
                    + " (sources: " + String.join(", ", d.scope().sources()) + ")"));
        } else if (!labelsIn) {
            checks.add(Check.fail(Check.Name.IN_SCOPE, "labels " + new java.util.TreeMap<>(f.labels()) + " of " + f.source()
                    + " do not match the scope labels " + d.scope().labels() + " of experiment " + id));
        } else {
            checks.add(Check.pass(Check.Name.IN_SCOPE, "source " + f.source() + (d.scope().labels().isEmpty() ? "" : " and labels")
                    + " match the scope of experiment " + id));
        }

        long since = f.since();
        boolean earlier = beganBefore(d, f);
        boolean inWindow = inWindow(d, since) && !earlier;
        String window = "[" + Instant.ofEpochMilli(d.start()) + ", " + Instant.ofEpochMilli(d.end()) + " + grace " + grace + "]";
        if (since < d.start()) {
            checks.add(Check.fail(Check.Name.IN_WINDOW, signal.wire() + " on " + f.source() + " began at " + Instant.ofEpochMilli(since)
                    + ", before experiment " + id + " started at " + Instant.ofEpochMilli(d.start())
                    + " (effects that begin before the start are not covered)"));
        } else if (earlier) {
            checks.add(Check.fail(Check.Name.IN_WINDOW, signal.wire() + " on " + f.source() + " was first seen at "
                    + Instant.ofEpochMilli(since) + " but the effect began at " + Instant.ofEpochMilli(f.onset())
                    + " (onset estimated from the series), more than the onset tolerance " + onsetTolerance
                    + " before experiment " + id + " started at " + Instant.ofEpochMilli(d.start())
                    + " (an effect already under way is not the experiment's)"));
        } else if (!inWindow) {
            checks.add(Check.fail(Check.Name.IN_WINDOW, signal.wire() + " on " + f.source() + " began at " + Instant.ofEpochMilli(since)
                    + ", after the window of experiment " + id + " " + window + " (expired)"));
        } else {
            checks.add(Check.pass(Check.Name.IN_WINDOW, "began at " + Instant.ofEpochMilli(since) + ", within " + window));
        }

        boolean inEnvelope = FaultEnvelope.covers(d.faults(), signal);
        if (inEnvelope) {
            checks.add(Check.pass(Check.Name.IN_ENVELOPE, signal.wire() + " is an expected effect of " + d.faultNames()));
        } else {
            checks.add(Check.fail(Check.Name.IN_ENVELOPE, "experiment " + id + " does not cover " + signal.wire()
                    + " (faults: " + d.faultNames() + ")"));
        }

        checks.add(binaryCheck(f, d));

        boolean running = authentic && inWindow;
        boolean counts = running && sourceIn && inEnvelope;
        boolean blastExceeded = false;
        if (counts) {
            Set<String> affected = new TreeSet<>(ctx.affectedSources(id));
            affected.add(f.source());
            blastExceeded = affected.size() > d.maxSources();
            String n = affected.size() + " distinct source(s) affected by experiment " + id;
            checks.add(blastExceeded
                    ? Check.fail(Check.Name.BLAST_RADIUS, n + ", more than blast_radius.max_sources " + d.maxSources()
                            + " (" + abbreviate(affected) + ")")
                    : Check.pass(Check.Name.BLAST_RADIUS, n + ", within blast_radius.max_sources " + d.maxSources()));
        } else {
            checks.add(Check.pass(Check.Name.BLAST_RADIUS, "does not count against the blast radius of experiment " + id
                    + " (counts only in-scope, in-envelope effects of a running experiment)"));
        }

        AbortCondition met = null;
        if (running && sourceIn) {
            for (AbortCondition c : d.abortWhen()) {
                if (c.matches(signal)) {
                    met = c;
                    break;
                }
            }
        }
        checks.add(met != null
                ? Check.fail(Check.Name.ABORT_WHEN, "abort_when " + met + " of experiment " + id + " met by " + signal.wire()
                        + " on " + f.source())
                : Check.pass(Check.Name.ABORT_WHEN, "no abort_when signal condition met"
                        + (d.abortWhen().stream().anyMatch(c -> !c.isSignal()) ? " (metric conditions are checked on samples)" : "")));

        Verdict verdict;
        Check breach = null;
        if (running && ((inEnvelope && !sourceIn) || met != null || blastExceeded)) {
            verdict = Verdict.BREACH;
            Check.Name cause = met != null ? Check.Name.ABORT_WHEN : blastExceeded ? Check.Name.BLAST_RADIUS : Check.Name.IN_SCOPE;
            breach = checks.stream().filter(c -> c.name() == cause).findFirst().orElseThrow();
        } else if (checks.stream().allMatch(Check::pass)) {
            verdict = Verdict.SANCTIONED;
        } else {
            verdict = Verdict.SUSPICIOUS;
        }
        return new Evaluation(e, List.copyOf(checks), verdict, counts, breach);
    }

    private static Check binaryCheck(Finding f, ExperimentDeclaration d) {
        if (f.signal() != Signal.UNEXPECTED_EXEC) {
            return Check.pass(Check.Name.BINARY_ALLOWED, "not an exec finding");
        }
        Object exe = f.evidence().get("exe");
        if (!(exe instanceof String path) || path.isEmpty()) {
            return Check.fail(Check.Name.BINARY_ALLOWED, "the unexpected_exec finding names no executable (evidence 'exe')");
        }
        if (!d.faults().contains(Fault.PROCESS_SPAWN)) {
            return Check.fail(Check.Name.BINARY_ALLOWED, "experiment " + d.id() + " does not spawn processes; exec of " + path
                    + " is not covered");
        }
        String match = allowedBinary(d.allowedBinaries(), path);
        if (match == null) {
            return Check.fail(Check.Name.BINARY_ALLOWED, "exec of " + path + " is not named in allowed_binaries of experiment " + d.id()
                    + (d.allowedBinaries().isEmpty() ? " (none named)" : " (" + abbreviate(d.allowedBinaries()) + ")"));
        }
        return Check.pass(Check.Name.BINARY_ALLOWED, "exec of " + path + " is allowed by '" + match + "'");
    }

    /**
     * The allowed_binaries entry that allows {@code exe}, or {@code null}. An exact entry matches itself; a glob matches
     * only a normalized absolute path (no {@code .} or {@code ..} segments, no {@code //}), so that
     * {@code /opt/chaos/../../tmp/x} never passes as {@code /opt/chaos/*}.
     */
    static String allowedBinary(List<String> allowed, String exe) {
        boolean normalized = exe.startsWith("/") && !exe.contains("//") && !exe.contains("/./") && !exe.contains("/../")
                && !exe.endsWith("/.") && !exe.endsWith("/..") && !exe.endsWith("/");
        for (String a : allowed) {
            if (a.equals(exe)) {
                return a;
            }
        }
        if (normalized) {
            for (String a : allowed) {
                if (Glob.isGlob(a) && Glob.matches(a, exe)) {
                    return a;
                }
            }
        }
        return null;
    }

    private static String abbreviate(Collection<String> names) {
        List<String> l = new ArrayList<>(new LinkedHashSet<>(names));
        if (l.size() <= 8) {
            return String.join(", ", l);
        }
        return String.join(", ", l.subList(0, 8)) + ", ... " + (l.size() - 8) + " more";
    }
}
