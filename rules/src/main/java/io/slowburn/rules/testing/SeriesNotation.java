package io.slowburn.rules.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact notation of a test series' values, in the spirit of {@code promtool test rules}. Space-separated terms:
 * <ul>
 *   <li>{@code 5} or {@code 1.5e9}: one value;</li>
 *   <li>{@code _}: a gap (no sample at that step);</li>
 *   <li>{@code a+bxn}: {@code a, a+b, ..., a+n*b} (n+1 values), e.g. {@code 0+10x60} is 0, 10, ..., 600;</li>
 *   <li>{@code a-bxn}: the same, decreasing;</li>
 *   <li>{@code axn}: {@code a} repeated n times, e.g. {@code 100x30} is thirty 100s; {@code _xn}: n gaps.</li>
 * </ul>
 * A gap is {@code null} in the result.
 */
public final class SeriesNotation {

    private static final String NUM = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern EXPAND = Pattern.compile("(" + NUM + ")([+-])(" + NUM + ")x(\\d+)");
    private static final Pattern REPEAT = Pattern.compile("(" + NUM + "|_)x(\\d+)");
    private static final Pattern VALUE = Pattern.compile(NUM);
    /** Bounds a typo such as {@code 0+1x10000000}. */
    public static final int MAX_VALUES = 1_000_000;

    private SeriesNotation() {
    }

    /** The values, {@code null} for a gap; throws {@link IllegalArgumentException} naming the bad term. */
    public static List<Double> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty series: expected values such as '0+10x60' or '1 2 _ 4'");
        }
        List<Double> out = new ArrayList<>();
        for (String term : text.trim().split("\\s+")) {
            Matcher m;
            if ("_".equals(term)) {
                out.add(null);
            } else if ((m = EXPAND.matcher(term)).matches()) {
                double a = Double.parseDouble(m.group(1));
                double b = Double.parseDouble(m.group(3)) * ("-".equals(m.group(2)) ? -1 : 1);
                int n = count(m.group(4), term, out.size());
                for (int i = 0; i <= n; i++) {
                    out.add(a + i * b);
                }
            } else if ((m = REPEAT.matcher(term)).matches()) {
                int n = count(m.group(2), term, out.size());
                Double v = "_".equals(m.group(1)) ? null : Double.valueOf(m.group(1));
                out.addAll(Collections.nCopies(n, v));
            } else if (VALUE.matcher(term).matches()) {
                out.add(Double.parseDouble(term));
            } else {
                throw new IllegalArgumentException("bad term '" + term + "' in series: expected a number, '_', 'a+bxn', 'a-bxn' or 'axn'");
            }
            if (out.size() > MAX_VALUES) {
                throw new IllegalArgumentException("series longer than " + MAX_VALUES + " values");
            }
        }
        return out;
    }

    private static int count(String digits, String term, int size) {
        long n = Long.parseLong(digits.length() > 9 ? "9999999999" : digits);
        if (n + size > MAX_VALUES) {
            throw new IllegalArgumentException("term '" + term + "' makes the series longer than " + MAX_VALUES + " values");
        }
        return (int) n;
    }
}
