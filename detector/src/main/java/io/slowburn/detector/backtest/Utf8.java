package io.slowburn.detector.backtest;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
 * without decoding them, so a line can be refused with the offset of its first bad byte.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that does not start or continue a well-formed sequence, or -1 if all do. */
    static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong below U+0800
                } else if (c == 0xED) {
                    hi = 0x9F; // U+D800..U+DFFF are surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong below U+10000
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            for (int k = 1; k <= need; k++) {
                if (i + k >= n) {
                    return i;
                }
                int d = b[i + k] & 0xFF;
                if (k == 1 ? d < lo || d > hi : d < 0x80 || d > 0xBF) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
