package io.slowburn.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.slowburn.model.Fault;
import io.slowburn.model.InvalidRecordException;
import io.slowburn.model.RecordCodec;
import io.slowburn.model.Signal;
import io.slowburn.model.Stream;
import io.slowburn.model.WellFormedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads experiment declarations (contract JSON) into {@link ExperimentDeclaration}s, or says precisely why not with
 * an {@link InvalidRecordException}. Validation is about form only: whether the declaration is authentic is
 * {@link DeclarationVerifier}'s business. Thread-safe.
 */
public final class DeclarationParser {

    /** Default longest experiment window: a week. */
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofDays(7);
    public static final int MAX_SOURCES = 256;
    public static final int MAX_BINARIES = 256;
    public static final int MAX_ABORT_CONDITIONS = 32;
    public static final int MAX_APPROVALS = 16;
    public static final int MAX_TEXT = 4096;

    private static final String FAULT_NAMES = Arrays.stream(Fault.values()).map(Fault::wire)
            .collect(Collectors.joining(", "));
    private static final String SIGNAL_NAMES = Arrays.stream(Signal.values()).map(Signal::wire)
            .collect(Collectors.joining(", "));

    private final RecordCodec codec = new RecordCodec();
    private final Duration maxWindow;

    public DeclarationParser() {
        this(DEFAULT_MAX_WINDOW);
    }

    /** @param maxWindow the longest {@code end - start} accepted */
    public DeclarationParser(Duration maxWindow) {
        if (maxWindow == null || maxWindow.isNegative() || maxWindow.isZero()) {
            throw new IllegalArgumentException("maxWindow must be positive");
        }
        this.maxWindow = maxWindow;
    }

    public Duration maxWindow() {
        return maxWindow;
    }

    /** Parses declaration JSON text (read with {@link CanonicalJson#mapper()}, which keeps numbers exact). */
    public ExperimentDeclaration parse(String json) throws InvalidRecordException {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses declaration JSON bytes (read with {@link CanonicalJson#mapper()}, which keeps numbers exact). */
    public ExperimentDeclaration parse(byte[] json) throws InvalidRecordException {
        if (json == null) {
            throw new InvalidRecordException("empty record (null value)");
        }
        if (json.length > RecordCodec.MAX_RECORD_BYTES) {
            throw new InvalidRecordException("record of " + json.length + " bytes exceeds the limit of " + RecordCodec.MAX_RECORD_BYTES);
        }
        JsonNode node;
        try {
            node = CanonicalJson.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidRecordException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable record: " + e.getMessage(), e);
        }
        return parse(node);
    }

    /**
     * Validates a parsed declaration. For exact canonical numbers the tree should come from
     * {@link CanonicalJson#mapper()} (see {@link CanonicalJson}).
     */
    public ExperimentDeclaration parse(JsonNode n) throws InvalidRecordException {
        if (n == null || !n.isObject()) {
            throw new InvalidRecordException("an experiment declaration must be a JSON object");
        }
        WellFormedText.check(n); // a lone surrogate would sign as '?' and match a scope it does not name
        JsonNode stream = n.get("stream");
        if (stream != null && !stream.isNull() && !(stream.isTextual() && Stream.EXPERIMENT.wire().equals(stream.asText()))) {
            throw new InvalidRecordException("field 'stream' must be 'experiment' in an experiment declaration, got " + stream);
        }
        String id = name(n, "id");
        Long ts = n.hasNonNull("ts") ? codec.timestamp(n, "ts") : null;
        String title = text(n, "title");
        String hypothesis = text(n, "hypothesis");
        ExperimentDeclaration.Scope scope = scope(n.get("scope"));
        Set<Fault> faults = faults(n.get("faults"));
        long start = codec.timestamp(n, "start");
        long end = codec.timestamp(n, "end");
        if (end <= start) {
            throw new InvalidRecordException("experiment '" + id + "': 'end' (" + end + ") must be after 'start' (" + start + ")");
        }
        if (end - start > maxWindow.toMillis()) {
            throw new InvalidRecordException("experiment '" + id + "': window of " + Duration.ofMillis(end - start)
                    + " is longer than the maximum of " + maxWindow);
        }
        int maxSources = blastRadius(n.get("blast_radius"), scope);
        List<AbortCondition> abortWhen = abortWhen(n.get("abort_when"));
        List<String> binaries = stringList(n.get("allowed_binaries"), "allowed_binaries", MAX_BINARIES, false);
        List<ExperimentDeclaration.Approval> approvals = approvals(n.get("approvals"));
        String canonical;
        try {
            canonical = CanonicalJson.declaration(n);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("experiment '" + id + "' has no canonical form: " + e.getMessage(), e);
        }
        return new ExperimentDeclaration(id, ts, title, hypothesis, scope, faults, start, end, maxSources, abortWhen,
                binaries, approvals, n, canonical);
    }

    private static ExperimentDeclaration.Scope scope(JsonNode s) throws InvalidRecordException {
        if (s == null || s.isNull()) {
            throw new InvalidRecordException("missing field 'scope' (an object with 'sources' and optional 'labels')");
        }
        if (!s.isObject()) {
            throw new InvalidRecordException("field 'scope' must be an object, got " + kind(s));
        }
        List<String> sources = stringList(s.get("sources"), "scope.sources", MAX_SOURCES, true);
        if (sources.isEmpty()) {
            throw new InvalidRecordException("field 'scope.sources' must list at least one source (names or globs such as 'web-*')");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = s.get("labels");
        if (l != null && !l.isNull()) {
            if (!l.isObject()) {
                throw new InvalidRecordException("field 'scope.labels' must be an object, got " + kind(l));
            }
            if (l.size() > RecordCodec.MAX_LABELS) {
                throw new InvalidRecordException("field 'scope.labels' has more than " + RecordCodec.MAX_LABELS + " entries");
            }
            for (Map.Entry<String, JsonNode> e : l.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new InvalidRecordException("field 'scope.labels." + e.getKey() + "' must be a string, got " + kind(e.getValue()));
                }
                labels.put(e.getKey(), checkName("scope.labels." + e.getKey(), e.getValue().asText()));
            }
        }
        return new ExperimentDeclaration.Scope(sources, labels);
    }

    private static Set<Fault> faults(JsonNode f) throws InvalidRecordException {
        if (f == null || f.isNull()) {
            throw new InvalidRecordException("missing field 'faults' (a list of: " + FAULT_NAMES + ")");
        }
        if (!f.isArray() || f.isEmpty()) {
            throw new InvalidRecordException("field 'faults' must be a non-empty list of: " + FAULT_NAMES + "; got " + abbreviate(f));
        }
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (JsonNode e : f) {
            Fault fault = e.isTextual() ? Fault.fromWire(e.asText()) : null;
            if (fault == null) {
                throw new InvalidRecordException("unknown fault " + abbreviate(e) + " (allowed: " + FAULT_NAMES + ")");
            }
            faults.add(fault);
        }
        return faults;
    }

    private static int blastRadius(JsonNode b, ExperimentDeclaration.Scope scope) throws InvalidRecordException {
        int dflt = Math.max(1, scope.sources().size());
        if (b == null || b.isNull()) {
            return dflt;
        }
        if (!b.isObject()) {
            throw new InvalidRecordException("field 'blast_radius' must be an object, got " + kind(b));
        }
        JsonNode m = b.get("max_sources");
        if (m == null || m.isNull()) {
            return dflt;
        }
        if (!m.isIntegralNumber() || !m.canConvertToInt() || m.intValue() < 1) {
            throw new InvalidRecordException("field 'blast_radius.max_sources' must be a positive integer, got " + abbreviate(m));
        }
        return m.intValue();
    }

    private static List<AbortCondition> abortWhen(JsonNode a) throws InvalidRecordException {
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new InvalidRecordException("field 'abort_when' must be a list, got " + kind(a));
        }
        if (a.size() > MAX_ABORT_CONDITIONS) {
            throw new InvalidRecordException("field 'abort_when' has more than " + MAX_ABORT_CONDITIONS + " entries");
        }
        List<AbortCondition> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode c = a.get(i);
            String at = "abort_when[" + i + "]";
            if (!c.isObject()) {
                throw new InvalidRecordException(at + " must be an object, got " + kind(c));
            }
            boolean hasSignal = c.has("signal");
            boolean hasMetric = c.has("metric");
            if (hasSignal == hasMetric) {
                throw new InvalidRecordException(at + " must have exactly one of 'signal' ({\"signal\":\"memory_drift\"}) or 'metric' "
                        + "({\"metric\":\"app.latency.p99\",\"above\":2.5} or "
                        + "{\"metric\":\"os.memory.used\",\"above\":0.95,\"of\":\"limit\"})");
            }
            if (hasSignal) {
                JsonNode s = c.get("signal");
                Signal signal = s.isTextual() ? Signal.fromWire(s.asText()) : null;
                if (signal == null) {
                    throw new InvalidRecordException(at + ".signal: unknown signal " + abbreviate(s) + " (allowed: " + SIGNAL_NAMES + ")");
                }
                onlyFields(c, at, Set.of("signal"));
                out.add(AbortCondition.onSignal(signal));
            } else {
                JsonNode m = c.get("metric");
                if (!m.isTextual() || m.asText().isBlank()) {
                    throw new InvalidRecordException(at + ".metric must be a metric name, got " + abbreviate(m));
                }
                JsonNode above = c.get("above");
                if (above == null || !above.isNumber() || !Double.isFinite(above.doubleValue())) {
                    throw new InvalidRecordException(at + ".above must be a finite number, got " + abbreviate(above));
                }
                JsonNode of = c.get("of");
                boolean ofLimit = false;
                if (of != null && !of.isNull()) {
                    if (!of.isTextual() || !"limit".equals(of.asText())) {
                        throw new InvalidRecordException(at + ".of must be \"limit\" when present, got " + abbreviate(of));
                    }
                    ofLimit = true;
                }
                onlyFields(c, at, Set.of("metric", "above", "of"));
                out.add(AbortCondition.onMetric(checkName(at + ".metric", m.asText()), above.doubleValue(), ofLimit));
            }
        }
        return out;
    }

    /** Unknown keys inside an abort condition are rejected: a misspelt condition must not silently never fire. */
    private static void onlyFields(JsonNode c, String at, Set<String> allowed) throws InvalidRecordException {
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                String names = String.join(", ", allowed.stream().sorted().toList());
                throw new InvalidRecordException(at + " has unknown field '" + abbreviate(k) + "' (allowed: " + names + ")");
            }
        }
    }

    private static List<ExperimentDeclaration.Approval> approvals(JsonNode a) throws InvalidRecordException {
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new InvalidRecordException("field 'approvals' must be a list of {\"key_id\":...,\"sig\":...}, got " + kind(a));
        }
        if (a.size() > MAX_APPROVALS) {
            throw new InvalidRecordException("field 'approvals' has " + a.size() + " entries, more than " + MAX_APPROVALS);
        }
        List<ExperimentDeclaration.Approval> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            if (!e.isObject()) {
                out.add(new ExperimentDeclaration.Approval(null, null, "approvals[" + i + "] is not an object"));
                continue;
            }
            JsonNode k = e.get("key_id");
            JsonNode s = e.get("sig");
            String keyId = k != null && k.isTextual() ? k.asText() : null;
            String sig = s != null && s.isTextual() ? s.asText() : null;
            String problem = null;
            if (keyId == null || keyId.isEmpty()) {
                problem = "approvals[" + i + "] has no string 'key_id'";
            } else if (sig == null || sig.isEmpty()) {
                problem = "approvals[" + i + "] has no string 'sig'";
            }
            out.add(new ExperimentDeclaration.Approval(keyId, sig, problem));
        }
        return out;
    }

    private static List<String> stringList(JsonNode a, String field, int max, boolean required) throws InvalidRecordException {
        if (a == null || a.isNull()) {
            if (required) {
                throw new InvalidRecordException("missing field '" + field + "'");
            }
            return List.of();
        }
        if (!a.isArray()) {
            throw new InvalidRecordException("field '" + field + "' must be a list of strings, got " + kind(a));
        }
        if (a.size() > max) {
            throw new InvalidRecordException("field '" + field + "' has " + a.size() + " entries, more than " + max);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            if (!e.isTextual()) {
                throw new InvalidRecordException("field '" + field + "[" + i + "]' must be a string, got " + kind(e));
            }
            out.add(checkName(field + "[" + i + "]", e.asText()));
        }
        return out;
    }

    private static String name(JsonNode n, String field) throws InvalidRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new InvalidRecordException("field '" + field + "' must be a string, got " + kind(v));
        }
        return checkName(field, v.asText());
    }

    private static String checkName(String field, String s) throws InvalidRecordException {
        if (s.isBlank()) {
            throw new InvalidRecordException("field '" + field + "' is empty");
        }
        if (s.length() > RecordCodec.MAX_NAME_LENGTH) {
            throw new InvalidRecordException("field '" + field + "' is " + s.length() + " characters, more than "
                    + RecordCodec.MAX_NAME_LENGTH);
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new InvalidRecordException("field '" + field + "' contains a control character");
            }
        }
        return s;
    }

    private static String text(JsonNode n, String field) throws InvalidRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual() || v.asText().length() > MAX_TEXT) {
            throw new InvalidRecordException("field '" + field + "' must be a string of at most " + MAX_TEXT + " characters");
        }
        return v.asText();
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
