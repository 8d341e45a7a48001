package io.slowburn.engine;

import io.slowburn.detector.service.DetectorConfig;
import io.slowburn.detector.service.TrustedKeySource;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.verdict.DeclarationParser;
import io.slowburn.verdict.DeclarationVerifier;
import io.slowburn.verdict.ExperimentDeclaration;
import io.slowburn.verdict.TrustedKeys;
import io.slowburn.verdict.VerifiedExperiment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the registry's stored declarations into verified experiments against the keys trusted <em>now</em>:
 * authenticity is decided at verdict time, so removing a key withdraws its sanctions at once. Parsing and
 * verification are cached per declaration bytes and key set, so a decision costs a map lookup.
 */
public final class ExperimentCatalog {

    private final DeclarationParser parser;
    private final TrustedKeySource keys;
    private final int minApprovals;
    private final Map<String, Cached> cache = new HashMap<>();

    private record Cached(byte[] bytes, String keysFingerprint, VerifiedExperiment experiment) {
    }

    public ExperimentCatalog(Duration maxWindow, TrustedKeySource keys, int minApprovals) {
        this.parser = new DeclarationParser(maxWindow);
        this.keys = keys;
        this.minApprovals = minApprovals;
    }

    public static ExperimentCatalog of(DetectorConfig config, TrustedKeySource keys) {
        return new ExperimentCatalog(Duration.ofMillis(config.getLong(DetectorConfig.EXPERIMENT_MAX_WINDOW_MS)), keys,
                config.getInt(DetectorConfig.APPROVALS_MIN));
    }

    public DeclarationParser parser() {
        return parser;
    }

    public DeclarationVerifier verifier() {
        return new DeclarationVerifier(keys.current(), minApprovals);
    }

    /** The fingerprint of the keys trusted now: {@link #verified} may decide otherwise when it changes. */
    public String keysFingerprint() {
        return keys.current().fingerprint();
    }

    /** Parses a declaration, or says why it is malformed. */
    public ExperimentDeclaration parse(byte[] bytes) throws InvalidRecordException {
        return parser.parse(bytes);
    }

    /** The registry's declarations (id to stored bytes), verified against the keys trusted now, in id order. */
    public synchronized List<VerifiedExperiment> verified(Map<String, byte[]> registry) {
        TrustedKeys trusted = keys.current();
        String fingerprint = trusted.fingerprint();
        DeclarationVerifier verifier = null;
        List<VerifiedExperiment> out = new ArrayList<>(registry.size());
        cache.keySet().retainAll(registry.keySet());
        for (Map.Entry<String, byte[]> e : new TreeMap<>(registry).entrySet()) {
            Cached c = cache.get(e.getKey());
            if (c == null || !Arrays.equals(c.bytes, e.getValue()) || !c.keysFingerprint.equals(fingerprint)) {
                try {
                    if (verifier == null) {
                        verifier = new DeclarationVerifier(trusted, minApprovals);
                    }
                    c = new Cached(e.getValue(), fingerprint, verifier.check(parser.parse(e.getValue())));
                } catch (InvalidRecordException ex) {
                    continue; // stored before a stricter parser: it sanctions nothing
                }
                cache.put(e.getKey(), c);
            }
            out.add(c.experiment);
        }
        return out;
    }
}
