package io.slowburn.rules;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate of how many instructions a regex compiles to, read from its text before it is compiled. RE2/J
 * matches in linear time but compiles a counted repeat by copying its operand: {@code ((a{1000}){1000}){1000}} is a
 * billion instructions, and the compile alone exhausted a 512 MB heap after 53 s here. Counting costs nothing.
 *
 * <p>Each literal, escape, class or dot counts 1; a group counts the sum of what it holds (alternatives added, an
 * overestimate); a counted repeat {@code {n}}, {@code {n,}}, {@code {n,m}} multiplies its operand by the larger
 * bound (n + 1 for {@code {n,}}). {@code * + ?} and flags add nothing. Syntax errors are left to RE2/J.
 */
public final class RegexSize {

    /** Largest estimate accepted: a counted repeat of 1000 over a class, ten times over. */
    public static final long MAX = 10_000;

    private RegexSize() {
    }

    /** The estimate, saturating at {@code MAX + 1}. */
    public static long estimate(String re) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far, size of the last element}
        long size = 0;
        long last = 0;
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                i += 2;
                size += last = 1;
            } else if (c == '[') {
                i = classEnd(re, i);
                size += last = 1;
            } else if (c == '(') {
                groups.push(new long[] {size, last});
                size = 0;
                last = 0;
                i++;
            } else if (c == ')' && !groups.isEmpty()) {
                long inner = size;
                long[] outer = groups.pop();
                size = cap(outer[0] + inner);
                last = inner;
                i++;
            } else if (c == '{' && isRepeat(re, i)) {
                int close = re.indexOf('}', i);
                long times = bound(re.substring(i + 1, close));
                size = cap(size - last + cap(last * times));
                last = cap(last * times);
                i = close + 1;
            } else if (c == '*' || c == '+' || c == '?' || c == '|' || c == '^' || c == '$') {
                i++;
            } else {
                size += last = 1;
                i++;
            }
            size = cap(size);
        }
        while (!groups.isEmpty()) {
            size = cap(groups.pop()[0] + size);
        }
        return size;
    }

    private static long cap(long v) {
        return Math.min(v, MAX + 1);
    }

    private static int classEnd(String re, int open) {
        int i = open + 1;
        if (i < re.length() && re.charAt(i) == '^') {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            i++;
        }
        while (i < re.length() && re.charAt(i) != ']') {
            i += re.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static boolean isRepeat(String re, int open) {
        int close = re.indexOf('}', open);
        return close > open + 1 && re.substring(open + 1, close).matches("\\d{1,9}(,\\d{0,9})?");
    }

    private static long bound(String counts) {
        int comma = counts.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(counts);
        }
        long n = Long.parseLong(counts.substring(0, comma));
        String m = counts.substring(comma + 1);
        return m.isEmpty() ? n + 1 : Math.max(n, Long.parseLong(m));
    }
}
