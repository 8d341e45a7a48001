package io.slowburn.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Refuses text that is not valid Unicode: a lone UTF-16 surrogate. Jackson decodes {@code "\ud800"} (and some
 * malformed UTF-8) into a Java string holding a lone surrogate, and UTF-8 encoding turns every such char into
 * {@code ?}: {@code pay\ud800x} and {@code pay?x} would then be one Kafka key, one state, one series. Checked on
 * every field name and every text value of a record, wherever it sits in the tree.
 */
public final class WellFormedText {

    private WellFormedText() {
    }

    /** The index of the first lone surrogate in {@code s}, or -1 when {@code s} is well-formed UTF-16. */
    public static int firstLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair: one supplementary code point
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Throws, naming the field, when any field name or text value in the tree holds a lone surrogate. */
    public static void check(JsonNode node) throws InvalidRecordException {
        if (holdsLoneSurrogate(node)) {
            check(node, ""); // rare: walk again, naming the fields on the way, to say which one
        }
    }

    /** Whether any field name or text value in the tree holds a lone surrogate (no field paths built on the way). */
    private static boolean holdsLoneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return firstLoneSurrogate(node.textValue()) >= 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (firstLoneSurrogate(e.getKey()) >= 0 || holdsLoneSurrogate(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (holdsLoneSurrogate(node.get(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void check(JsonNode node, String path) throws InvalidRecordException {
        if (node.isTextual()) {
            requireWellFormed(node.textValue(), path.isEmpty() ? "the record" : "field '" + path + "'");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                requireWellFormed(e.getKey(), "a field name in '" + (path.isEmpty() ? "the record" : path) + "'");
                check(e.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void requireWellFormed(String s, String what) throws InvalidRecordException {
        int at = firstLoneSurrogate(s);
        if (at >= 0) {
            throw new InvalidRecordException(abbreviate(what) + " is not valid Unicode: a lone UTF-16 surrogate U+"
                    + Integer.toHexString(s.charAt(at)).toUpperCase(java.util.Locale.ROOT) + " at character " + at);
        }
    }

    private static String abbreviate(String s) {
        if (s.length() <= 120) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(116)) ? 116 : 117; // never split a surrogate pair
        return s.substring(0, cut) + "...";
    }
}
