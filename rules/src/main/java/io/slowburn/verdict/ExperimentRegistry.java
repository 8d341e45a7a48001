package io.slowburn.verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The current declaration of each experiment id, as the compacted experiments topic holds them, with the rules that
 * decide whether a later declaration replaces an earlier one ({@link #decide}):
 * <ul>
 *   <li>a first declaration of an id is kept, authentic or not (a non-authentic one sanctions nothing, but the policy
 *       can name it when it explains a suspicious verdict; at most {@link #MAX_UNAUTHENTIC} are kept, oldest dropped);</li>
 *   <li>an authentic declaration replaces whatever was there, unless it is older than an authentic current one (its
 *       {@code ts} is before the current {@code ts}, or it has none while the current one has): that is a replay of a
 *       superseded version, rejected;</li>
 *   <li>a non-authentic declaration never replaces an authentic one: it is rejected, the earlier one stays and the
 *       reason is recorded ({@link #lastRejection}); it does replace a non-authentic one.</li>
 * </ul>
 * The id is part of the signed canonical form, so approvals of one id cannot be replayed under another.
 * Not thread-safe: one owner (e.g. a stream task) mutates it.
 */
public final class ExperimentRegistry {

    public static final int MAX_UNAUTHENTIC = 256;

    private DeclarationVerifier verifier;
    private final Map<String, VerifiedExperiment> valid = new TreeMap<>();
    private final LinkedHashMap<String, VerifiedExperiment> unauthentic = new LinkedHashMap<>();
    private final Map<String, String> rejections = new HashMap<>();

    public ExperimentRegistry(DeclarationVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The outcome of offering a declaration. */
    public record Admission(boolean accepted, String id, VerifiedExperiment experiment, String reason) {
    }

    /**
     * Pure replacement rule: would {@code candidate} replace {@code current} (which may be {@code null})?
     */
    public static Admission decide(VerifiedExperiment current, VerifiedExperiment candidate) {
        String id = candidate.id();
        if (current == null) {
            return new Admission(true, id, candidate, candidate.authentic()
                    ? "new experiment " + id + ": " + candidate.authenticity().explanation()
                    : "new experiment " + id + " recorded but sanctions nothing: " + candidate.authenticity().explanation());
        }
        if (!candidate.authentic()) {
            if (current.authentic()) {
                return new Admission(false, id, candidate, "replacement of experiment " + id + " rejected, the earlier authentic "
                        + "declaration stays: " + candidate.authenticity().explanation());
            }
            return new Admission(true, id, candidate, "experiment " + id + " replaced (neither version is authentic): "
                    + candidate.authenticity().explanation());
        }
        if (current.authentic()) {
            Long cur = current.declaration().ts();
            Long next = candidate.declaration().ts();
            if (cur != null && next == null) {
                return new Admission(false, id, candidate, "replacement of experiment " + id + " rejected: it has no 'ts' while the "
                        + "current declaration was declared at " + Instant.ofEpochMilli(cur) + " (possible replay of an older version)");
            }
            if (cur != null && next < cur) {
                return new Admission(false, id, candidate, "replacement of experiment " + id + " rejected: declared at "
                        + Instant.ofEpochMilli(next) + ", before the current declaration (" + Instant.ofEpochMilli(cur)
                        + "): a replay of a superseded version");
            }
        }
        return new Admission(true, id, candidate, "experiment " + id + " replaced by an authentic declaration: "
                + candidate.authenticity().explanation());
    }

    /** What offering {@code d} would do, without doing it. */
    public Admission consider(ExperimentDeclaration d) {
        return decide(get(d.id()).orElse(null), verifier.check(d));
    }

    /** Verifies {@code d} and applies the replacement rule; a rejection's reason is also kept in {@link #lastRejection}. */
    public Admission offer(ExperimentDeclaration d) {
        Admission a = consider(d);
        if (a.accepted()) {
            put(a.experiment());
            rejections.remove(a.id());
        } else {
            rejections.put(a.id(), a.reason());
        }
        return a;
    }

    private void put(VerifiedExperiment e) {
        valid.remove(e.id());
        unauthentic.remove(e.id());
        if (e.authentic()) {
            valid.put(e.id(), e);
        } else {
            unauthentic.put(e.id(), e);
            while (unauthentic.size() > MAX_UNAUTHENTIC) {
                unauthentic.remove(unauthentic.keySet().iterator().next());
            }
        }
    }

    /** Forgets an experiment (a tombstone on the compacted topic). */
    public void remove(String id) {
        valid.remove(id);
        unauthentic.remove(id);
        rejections.remove(id);
    }

    public Optional<VerifiedExperiment> get(String id) {
        VerifiedExperiment e = valid.get(id);
        return Optional.ofNullable(e != null ? e : unauthentic.get(id));
    }

    /** Every current declaration, authentic ones first, each group sorted by id: what {@link SanctionPolicy} weighs. */
    public List<VerifiedExperiment> experiments() {
        List<VerifiedExperiment> all = new ArrayList<>(valid.values());
        all.addAll(new TreeMap<>(unauthentic).values());
        return List.copyOf(all);
    }

    /** The authentic declarations, sorted by id. */
    public Collection<VerifiedExperiment> authentic() {
        return List.copyOf(valid.values());
    }

    /** Why the last rejected declaration of this id was rejected, if the last offer for it was rejected. */
    public Optional<String> lastRejection(String id) {
        return Optional.ofNullable(rejections.get(id));
    }

    public DeclarationVerifier verifier() {
        return verifier;
    }

    /**
     * Re-verifies every current declaration with a new verifier (trusted keys reloaded: a removed key's approvals no
     * longer count). Returns the ids whose authenticity changed.
     */
    public List<String> reverify(DeclarationVerifier newVerifier) {
        this.verifier = Objects.requireNonNull(newVerifier, "verifier");
        List<String> changed = new ArrayList<>();
        for (VerifiedExperiment e : experiments()) {
            VerifiedExperiment again = newVerifier.check(e.declaration());
            if (again.authentic() != e.authentic()) {
                changed.add(e.id());
            }
            put(again);
        }
        return changed;
    }
}
