package io.slowburn.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.Fault;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A chaos experiment declaration as in the contract, validated by {@link DeclarationParser}. Immutable; holds a copy of
 * the JSON it was read from and its canonical form (what approvals sign, see {@link CanonicalJson}).
 *
 * @param id the experiment id (the record key on the experiments topic)
 * @param ts when it was declared, epoch ms, or {@code null} when the declaration does not say
 * @param title free text, empty when absent
 * @param hypothesis free text, empty when absent
 * @param scope the sources (exact names or {@link Glob globs}) and labels the experiment may affect
 * @param faults the faults it injects (never empty)
 * @param start window start, epoch ms, inclusive
 * @param end window end, epoch ms (after {@code start})
 * @param maxSources {@code blast_radius.max_sources}: how many distinct sources may show effects (at least 1)
 * @param abortWhen conditions that abort the experiment (may be empty)
 * @param allowedBinaries executables (paths or globs) a {@code process.spawn} experiment may exec (may be empty)
 * @param approvals the approvals as written (not yet verified)
 * @param json a copy of the declaration as read
 * @param canonical the canonical form: what approvals sign
 */
public record ExperimentDeclaration(String id, Long ts, String title, String hypothesis, Scope scope, Set<Fault> faults,
                                    long start, long end, int maxSources, List<AbortCondition> abortWhen,
                                    List<String> allowedBinaries, List<Approval> approvals, JsonNode json,
                                    String canonical) {

    public ExperimentDeclaration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(canonical, "canonical");
        title = title == null ? "" : title;
        hypothesis = hypothesis == null ? "" : hypothesis;
        if (faults == null || faults.isEmpty()) {
            throw new IllegalArgumentException("faults must not be empty");
        }
        faults = Collections.unmodifiableSet(EnumSet.copyOf(faults));
        abortWhen = abortWhen == null ? List.of() : List.copyOf(abortWhen);
        allowedBinaries = allowedBinaries == null ? List.of() : List.copyOf(allowedBinaries);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        json = json.deepCopy();
    }

    /** A copy of the declaration as read (JSON trees are mutable; this record is not). */
    @Override
    public JsonNode json() {
        return json.deepCopy();
    }

    /** The canonical form as UTF-8 bytes: what an approval's Ed25519 signature covers. */
    public byte[] canonicalBytes() {
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /** The fault wire names, in declaration order of the {@link Fault} enum, for messages. */
    public String faultNames() {
        StringBuilder sb = new StringBuilder();
        for (Fault f : faults) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.wire());
        }
        return sb.toString();
    }

    /**
     * The declaration's scope.
     *
     * @param sources exact source names or globs (never empty)
     * @param labels label name to exact value or glob; a finding in scope carries every one of them
     */
    public record Scope(List<String> sources, Map<String, String> labels) {

        public Scope {
            sources = List.copyOf(sources);
            labels = labels == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }

        /** Whether a source name matches one of the scope's sources. */
        public boolean coversSource(String source) {
            for (String s : sources) {
                if (Glob.matches(s, source)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the labels carry every scope label with a matching value (absent label: no match). */
        public boolean coversLabels(Map<String, String> findingLabels) {
            for (Map.Entry<String, String> e : labels.entrySet()) {
                String v = findingLabels == null ? null : findingLabels.get(e.getKey());
                if (v == null || !Glob.matches(e.getValue(), v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One approval as written. Entries that are not well-formed are kept with a {@code problem} so that verification
     * can report them as {@code malformed}.
     *
     * @param keyId the signer's key id, or {@code null} when absent or not a string
     * @param sig the base64 signature text, or {@code null} when absent or not a string
     * @param problem why the entry is malformed, or {@code null}
     */
    public record Approval(String keyId, String sig, String problem) {

        public static Approval of(String keyId, String sig) {
            return new Approval(keyId, sig, null);
        }
    }
}
