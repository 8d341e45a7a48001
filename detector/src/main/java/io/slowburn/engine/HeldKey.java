package io.slowburn.engine;

/**
 * Where an {@link EventTimeGate} holds a record: its event time, its key (the source) and the first 8 bytes of its
 * SHA-256 digest, so that equal times order the same on every run. Ordered as the text of the key ({@link #text()},
 * the form earlier versions held and stored) sorts, for every time from 1970 on: the time, then the key as if followed
 * by {@code '|'}, then the digest unsigned; a time before 1970 sorts by its value (its text sorted -1 before -2).
 * Compared as numbers, a held record costs no text: building it and comparing its 19 padded digits at every step of
 * the buffer's tree were a large part of what holding cost (JFR, exactly-once: holding was 4.5% of the stream thread,
 * 3.2% since).
 */
public record HeldKey(long ts, String source, long digest) implements Comparable<HeldKey> {

    private static final char SEPARATOR = '|';
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    @Override
    public int compareTo(HeldKey o) {
        int byTime = Long.compare(ts, o.ts);
        if (byTime != 0) {
            return byTime;
        }
        int bySource = compareSources(source, o.source);
        return bySource != 0 ? bySource : Long.compareUnsigned(digest, o.digest);
    }

    /** {@code a + "|"} against {@code b + "|"}, as strings compare, without building them. */
    static int compareSources(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return x - y;
            }
        }
        if (a.length() == b.length()) {
            return 0;
        }
        return a.length() < b.length() ? SEPARATOR - b.charAt(n) : a.charAt(n) - SEPARATOR;
    }

    /** {@code padded(ts) + "|" + source + "|" + 16 hex digits of the digest}: the store's form of the key. */
    public String text() {
        StringBuilder sb = new StringBuilder(19 + 1 + source.length() + 1 + 16);
        EventTimeGate.appendPadded(sb, ts).append(SEPARATOR).append(source).append(SEPARATOR);
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(HEX_DIGITS[(int) (digest >>> shift) & 0xF]);
        }
        return sb.toString();
    }

    /** The key whose {@link #text()} this is (as earlier versions stored it). */
    public static HeldKey parse(String text) {
        int first = text.indexOf(SEPARATOR);
        int last = text.lastIndexOf(SEPARATOR);
        if (first < 19 || last <= first || last == text.length() - 1 || text.length() - last - 1 > 16) {
            throw new IllegalStateException("corrupt key in an event-time buffer: '" + text + "'");
        }
        try {
            return new HeldKey(Long.parseLong(text, 0, first, 10), text.substring(first + 1, last),
                    Long.parseUnsignedLong(text, last + 1, text.length(), 16));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("corrupt key in an event-time buffer: '" + text + "'", e);
        }
    }

    /** The event time of the key whose {@link #text()} this is (its padded digits, up to the first separator). */
    static long timeOf(String text) {
        return Long.parseLong(text, 0, text.indexOf(SEPARATOR), 10);
    }
}
