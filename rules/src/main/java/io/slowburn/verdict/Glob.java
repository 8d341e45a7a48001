package io.slowburn.verdict;

/**
 * The simple globs that experiment scopes and {@code allowed_binaries} use: {@code *} matches any run of characters
 * (possibly empty) that contains no {@code /}; every other character matches only itself. There is no escaping, no
 * {@code ?}, no character class and no {@code **}: a pattern without {@code *} is an exact name.
 */
public final class Glob {

    private Glob() {
    }

    /** Whether {@code text} matches {@code pattern}: dynamic programming, no regex, O(pattern x text). */
    public static boolean matches(String pattern, String text) {
        if (pattern == null || text == null) {
            return false;
        }
        int m = pattern.length();
        int n = text.length();
        // next[j]: does pattern[i+1..] match text[j..]; cur[j]: does pattern[i..] match text[j..]
        boolean[] next = new boolean[n + 1];
        next[n] = true;
        for (int i = m - 1; i >= 0; i--) {
            boolean[] cur = new boolean[n + 1];
            char pc = pattern.charAt(i);
            for (int j = n; j >= 0; j--) {
                if (pc == '*') {
                    cur[j] = next[j] || (j < n && text.charAt(j) != '/' && cur[j + 1]);
                } else {
                    cur[j] = j < n && text.charAt(j) == pc && next[j + 1];
                }
            }
            next = cur;
        }
        return next[0];
    }

    /** Whether the pattern contains a wildcard. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0;
    }
}
