package io.slowburn.experiments.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps account of every field of an imported document, so that none is dropped silently: each path is either
 * <em>used</em> (it shaped the declaration) or <em>unmapped</em> with a reason. {@link #unmapped(String)} walks the whole
 * document at the end and names every leaf nobody accounted for, with the default reason. Paths are dotted
 * ({@code spec.selector.labelSelectors.app}), list items by index ({@code method[2].provider}); a path accounts for its
 * whole subtree. Empty strings and nulls carry nothing and are not listed.
 */
final class FieldLedger {

    /** Longest value text quoted in an unmapped entry. */
    static final int MAX_VALUE_TEXT = 80;

    private final JsonNode root;
    private final Set<String> used = new HashSet<>();
    private final Map<String, String> explained = new LinkedHashMap<>();
    private final Set<String> withheld = new HashSet<>();

    FieldLedger(JsonNode root) {
        this.root = root;
    }

    /** Marks a path (and its subtree) as used in the declaration. */
    void use(String path) {
        used.add(path);
    }

    /** Marks a path (and its subtree) as not mapped, for the reason given. The first reason given for a path stays. */
    void unmapped(String path, String reason) {
        explained.putIfAbsent(path, reason);
    }

    /** As {@link #unmapped}, but the value is not quoted (secrets, credentials). */
    void unmappedWithheld(String path, String reason) {
        unmapped(path, reason);
        withheld.add(path);
    }

    /** Whether the path or one of its ancestors is already accounted for. */
    boolean accounted(String path) {
        for (String p = path; p != null; p = parent(p)) {
            if (used.contains(p) || explained.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The unmapped entries, as {@code path=value: reason}, in document order: explained paths with their reason, and
     * every leaf nobody accounted for with {@code defaultReason}.
     */
    List<String> unmapped(String defaultReason) {
        List<String> out = new ArrayList<>();
        walk(root, "", out, defaultReason);
        return out;
    }

    private void walk(JsonNode n, String path, List<String> out, String defaultReason) {
        String reason = explained.get(path);
        if (reason != null) { // before 'used': a field used in part (a source) and not in part (a conflicting label) is named
            out.add(withheld.contains(path) ? path + ": " + reason : path + "=" + text(n) + ": " + reason);
            return;
        }
        if (!path.isEmpty() && used.contains(path)) {
            return;
        }
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out, defaultReason);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", out, defaultReason);
            }
        } else if (!n.isNull() && !(n.isTextual() && n.asText().isEmpty())) {
            out.add(path + "=" + text(n) + ": " + defaultReason);
        }
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? null : path.substring(0, cut);
    }

    static String text(JsonNode n) {
        String s = n.isTextual() ? n.asText() : n.toString();
        s = s.replaceAll("\\p{Cntrl}", " ");
        return s.length() <= MAX_VALUE_TEXT ? s : s.substring(0, MAX_VALUE_TEXT - 3) + "...";
    }
}
