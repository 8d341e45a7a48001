package io.slowburn.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a reader made of the bytes it read recently, by those bytes. The source, metric and labels of a series are
 * spelled the same sample after sample, so the reader takes the string (or the labels) it made of the same bytes last
 * time instead of making another, and what it hands on keeps its hash from one sample to the next. A fixed table:
 * each slot keeps the last spelling that hashed to it, so a miss costs what reading without the table did, and the
 * memory is bounded by the slots and the longest spelling kept. For one reader's thread.
 *
 * @param <T> what the reader made of a spelling
 */
final class RecentSpellings<T> {

    /** Eight bytes at a time: the slot is found in a few multiplications, not one per byte. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final byte[][] spellings;
    private final Object[] made;
    private final int maxLength;

    /** {@code slots}: a power of two; spellings longer than {@code maxLength} bytes are not kept. */
    RecentSpellings(int slots, int maxLength) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.spellings = new byte[slots][];
        this.made = new Object[slots];
        this.maxLength = maxLength;
    }

    /** What was made of the bytes {@code [from, to)} when they were last kept, or null. */
    @SuppressWarnings("unchecked")
    T get(byte[] b, int from, int to) {
        int slot = slot(b, from, to);
        byte[] kept = spellings[slot];
        return kept != null && Arrays.equals(kept, 0, kept.length, b, from, to) ? (T) made[slot] : null;
    }

    /** Keeps what was made of the bytes {@code [from, to)}, in place of whatever shared their slot. */
    void put(byte[] b, int from, int to, T value) {
        if (to - from > maxLength) {
            return;
        }
        int slot = slot(b, from, to);
        spellings[slot] = Arrays.copyOfRange(b, from, to);
        made[slot] = value;
    }

    private int slot(byte[] b, int from, int to) {
        long h = to - from;
        int k = from;
        for (; k + Long.BYTES <= to; k += Long.BYTES) {
            h = (h ^ (long) LONGS.get(b, k)) * MIX;
        }
        for (; k < to; k++) {
            h = (h ^ b[k]) * MIX;
        }
        return (int) (h >>> 32) & (spellings.length - 1);
    }
}
